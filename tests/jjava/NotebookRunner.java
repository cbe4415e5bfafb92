///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS org.dflib.jjava:jjava-jupyter:1.0-a6
//DESCRIPTION Runs a notebook's code cells the way the JJava kernel does, and writes the executed notebook.

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.util.PathsHandler;

/**
 * A stand-in for the JJava kernel where JJava itself cannot be installed (it is not on Maven Central), built on the
 * part of JJava that is: {@code jjava-jupyter} 1.0-a6, its kernel base class, magic parser, renderer and notebook
 * statics ({@code display}, {@code lineMagic}). What JJava's own kernel module adds is followed here:
 * <ul>
 * <li>cells run through {@code jdk.jshell} with a local execution engine in this JVM, in a class loader whose parent
 *     holds the kernel, and the value of the last expression is kept as an object and rendered;</li>
 * <li>JJava's default imports and static imports are evaluated at start;</li>
 * <li>a cell is split into snippets with {@code SourceCodeAnalysis}; it fails when a snippet is rejected, throws,
 *     or is left incomplete;</li>
 * <li>{@code %classpath} (and {@code %jars}) take entries separated by spaces, each a simple glob, and add them to
 *     JShell.</li>
 * </ul>
 * Usage: {@code NotebookRunner IN.ipynb OUT.ipynb}, run in the notebook's folder as Jupyter runs kernels. Writes the
 * notebook with its outputs; exits 1 at the first failing cell, as {@code jupyter nbconvert --execute} does.
 * {@code NotebookRunner --kernel CONNECTION_FILE} is the same kernel speaking the Jupyter protocol (jjava-jupyter's,
 * as JJava does), for a kernelspec that {@code jupyter nbconvert --execute} can start.
 */
public class NotebookRunner {

    /** JJava's start-up script (NotebookInitializer), less JavaNotebookStatics, which only exposes the kernel. */
    static final String DEFAULT_IMPORTS = String.join("\n",
            "import java.util.*;", "import java.io.*;", "import java.math.*;", "import java.net.*;",
            "import java.time.*;", "import java.util.concurrent.*;", "import java.util.prefs.*;",
            "import java.util.regex.*;", "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.*;");

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: NotebookRunner IN.ipynb OUT.ipynb | NotebookRunner --kernel CONNECTION_FILE");
            System.exit(2);
        }
        if (args[0].equals("--kernel")) {
            serve(Path.of(args[1]));
            return;
        }
        JsonObject notebook = JsonParser.parseString(Files.readString(Path.of(args[0]))).getAsJsonObject();
        Kernel kernel = new Builder().build();
        kernel.onStartup();
        kernel.eval(DEFAULT_IMPORTS);
        int count = 0;
        String failed = null;
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        for (JsonElement e : notebook.getAsJsonArray("cells")) {
            JsonObject cell = e.getAsJsonObject();
            if (!"code".equals(cell.get("cell_type").getAsString())) {
                continue;
            }
            count++;
            String source = text(cell.get("source"));
            JsonArray outputs = new JsonArray();
            kernel.outputs = outputs;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setOut(new PrintStream(new Tee(out, outputs, "stdout"), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new Tee(err, outputs, "stderr"), true, StandardCharsets.UTF_8));
            try {
                DisplayData result = kernel.eval(source);
                System.out.flush();
                System.err.flush();
                if (result != null) {
                    JsonObject r = new JsonObject();
                    r.addProperty("output_type", "execute_result");
                    r.addProperty("execution_count", count);
                    r.add("data", GSON.toJsonTree(data(result)));
                    r.add("metadata", new JsonObject());
                    outputs.add(r);
                }
            } catch (Throwable t) {
                System.out.flush();
                System.err.flush();
                JsonObject r = new JsonObject();
                r.addProperty("output_type", "error");
                r.addProperty("ename", t.getClass().getSimpleName());
                r.addProperty("evalue", String.valueOf(t.getMessage()));
                JsonArray tb = new JsonArray();
                kernel.formatError(t).forEach(tb::add);
                r.add("traceback", tb);
                outputs.add(r);
                failed = "cell " + count + " failed: " + t + "\n" + String.join("\n", kernel.formatError(t));
            } finally {
                System.setOut(realOut);
                System.setErr(realErr);
            }
            cell.addProperty("execution_count", count);
            cell.add("outputs", outputs);
            if (failed != null) {
                break;
            }
        }
        Files.writeString(Path.of(args[1]), GSON.toJson(notebook));
        kernel.onShutdown(false);
        if (failed != null) {
            System.err.println(failed);
            System.exit(1);
        }
        System.exit(0);
    }

    static void serve(Path connectionFile) throws Exception {
        JupyterConnection connection = new JupyterConnection(
                KernelConnectionProperties.parse(Files.readString(connectionFile)));
        Kernel kernel = new Builder().build();
        kernel.speaksJupyter = true;
        kernel.onStartup();
        kernel.eval(DEFAULT_IMPORTS);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        kernel.onShutdown(false);
        System.exit(0);
    }

    static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    static String text(JsonElement source) {
        if (source.isJsonArray()) {
            StringBuilder b = new StringBuilder();
            source.getAsJsonArray().forEach(x -> b.append(x.getAsString()));
            return b.toString();
        }
        return source.getAsString();
    }

    /** The mime bundle of a display: {@code DisplayData} keeps it in a private map, as Jupyter sends it. */
    static Map<?, ?> data(DisplayData d) throws ReflectiveOperationException {
        java.lang.reflect.Field f = DisplayData.class.getDeclaredField("data");
        f.setAccessible(true);
        return (Map<?, ?>) f.get(d);
    }

    /** Collects a cell's stdout or stderr as a Jupyter stream output, in the order written. */
    static final class Tee extends java.io.OutputStream {
        private final ByteArrayOutputStream buffer;
        private final JsonArray outputs;
        private final String name;

        Tee(ByteArrayOutputStream buffer, JsonArray outputs, String name) {
            this.buffer = buffer;
            this.outputs = outputs;
            this.name = name;
        }

        @Override
        public synchronized void write(int b) {
            buffer.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            buffer.write(b, off, len);
        }

        @Override
        public synchronized void flush() {
            if (buffer.size() == 0) {
                return;
            }
            String text = buffer.toString(StandardCharsets.UTF_8);
            buffer.reset();
            synchronized (outputs) {
                JsonObject last = outputs.size() == 0 ? null : outputs.get(outputs.size() - 1).getAsJsonObject();
                if (last != null && "stream".equals(last.get("output_type").getAsString())
                        && name.equals(last.get("name").getAsString())) {
                    last.addProperty("text", last.get("text").getAsString() + text);
                } else {
                    JsonObject o = new JsonObject();
                    o.addProperty("output_type", "stream");
                    o.addProperty("name", name);
                    o.addProperty("text", text);
                    outputs.add(o);
                }
            }
        }
    }

    static final class Builder extends BaseKernelBuilder<Builder, Kernel> {
        Builder() {
            lineMagic("classpath", (Kernel k, List<String> args) -> k.addToClasspath(args));
            lineMagic("jars", (Kernel k, List<String> args) -> k.addToClasspath(args));
        }

        @Override
        public Kernel build() {
            // JJava's line and cell magic markers: a line (or the right of an '=') starting with %, a cell with %%
            MagicParser parser = new MagicParser("(?<=(?:^|=))\\s*%", "%%", buildMagicTranspiler());
            Loader loader = new Loader();
            JShell shell = JShell.builder()
                    .executionEngine(new Provider(loader), Map.of())
                    .build();
            return new Kernel(buildName(), buildVersion(), buildJupyterIO(buildJupyterIOEncoding()), buildCommManager(),
                    buildRenderer(), parser, buildMagicsRegistry(), buildExtensionsEnabled(), buildErrorStyler(), shell,
                    loader);
        }
    }

    static final class Kernel extends BaseKernel {
        private final JShell shell;
        private final Loader loader;
        JsonArray outputs = new JsonArray();
        boolean speaksJupyter;

        Kernel(String name, String version, org.dflib.jjava.jupyter.kernel.JupyterIO io,
                org.dflib.jjava.jupyter.kernel.comm.CommManager comms, org.dflib.jjava.jupyter.kernel.display.Renderer renderer,
                MagicParser parser, org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry magics, boolean extensions,
                org.dflib.jjava.jupyter.kernel.util.StringStyler styler, JShell shell, Loader loader) {
            super(name, version, new LanguageInfo("Java", Runtime.version().toString(), "text/x-java-source", ".jshell",
                    "java", "java", null), List.of(), null, io, comms, renderer, parser, magics, extensions, styler);
            this.shell = shell;
            this.loader = loader;
        }

        /** As JJava's %classpath: each argument a simple glob, every match added to JShell. */
        List<String> addToClasspath(List<String> args) {
            List<String> resolved = new ArrayList<>();
            for (String arg : args) {
                for (Path p : PathsHandler.resolveGlobs(arg)) {
                    resolved.add(p.toAbsolutePath().toString());
                }
            }
            if (!resolved.isEmpty()) {
                String cp = PathsHandler.joinStringPaths(resolved);
                shell.addToClasspath(cp);
                if (extensionsEnabled) {
                    installExtensions(cp);
                }
            }
            return resolved;
        }

        @Override
        public void display(DisplayData data) {
            if (speaksJupyter) {
                super.display(data);
                return;
            }
            System.out.flush();
            System.err.flush();
            JsonObject o = new JsonObject();
            o.addProperty("output_type", "display_data");
            try {
                o.add("data", GSON.toJsonTree(data(data)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            o.add("metadata", new JsonObject());
            synchronized (outputs) {
                outputs.add(o);
            }
        }

        @Override
        public Object evalRaw(String source) {
            String code = magicParser.resolveMagics(source);
            SourceCodeAnalysis sca = shell.sourceCodeAnalysis();
            Object last = null;
            SourceCodeAnalysis.CompletionInfo info = sca.analyzeCompletion(code);
            while (info.completeness().isComplete()) {
                last = evalSnippet(info.source());
                info = sca.analyzeCompletion(info.remaining());
            }
            if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
                throw new IllegalStateException("Incomplete input: " + info.remaining().trim());
            }
            return last;
        }

        private Object evalSnippet(String code) {
            List<SnippetEvent> events = shell.eval(code);
            Object result = null;
            for (SnippetEvent event : events) {
                if (event.status() == Snippet.Status.OVERWRITTEN) {
                    shell.drop(event.snippet());
                    continue;
                }
                String key = event.value();
                if (key == null) {
                    continue;
                }
                Snippet.SubKind kind = event.snippet().subKind();
                Object value = kind.isExecutable() ? loader.results.remove(key) : key;
                result = switch (kind) {
                    case VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND, TEMP_VAR_EXPRESSION_SUBKIND ->
                            "\"__NO_MAGIC_RETURN\"".equals(value) ? null : value;
                    default -> null;
                };
            }
            for (SnippetEvent event : events) {
                if (event.causeSnippet() != null) {
                    continue;
                }
                JShellException e = event.exception();
                if (e != null) {
                    if (e instanceof EvalException ee) {
                        throw new RuntimeException(ee.getExceptionClassName() + ", " + e.getMessage(), e);
                    }
                    throw new RuntimeException(e);
                }
                if (event.status() != Snippet.Status.RECOVERABLE_NOT_DEFINED && !event.status().isDefined()) {
                    String why = shell.diagnostics(event.snippet()).map(d -> d.getMessage(null))
                            .collect(Collectors.joining("; "));
                    throw new IllegalStateException("the snippet was rejected: " + why + "\n" + event.snippet().source());
                }
            }
            return result;
        }

        @Override
        public DisplayData inspect(String code, int at, boolean extraDetail) {
            return null;
        }

        @Override
        public ReplacementOptions complete(String code, int at) {
            return null;
        }

        @Override
        public String isComplete(String code) {
            return IS_COMPLETE_MAYBE;
        }

        @Override
        public void onShutdown(boolean restarting) {
            super.onShutdown(restarting);
            shell.close();
        }
    }

    static final class Provider implements ExecutionControlProvider {
        private final Loader loader;

        Provider(Loader loader) {
            this.loader = loader;
        }

        @Override
        public String name() {
            return "jjava-like";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return new DirectExecutionControl(loader) {
                /** Keeps the value itself, as JJava's execution control does, so the kernel can render it. */
                @Override
                protected String invoke(Method doitMethod) throws Exception {
                    Object value = doitMethod.invoke(null);
                    String key = UUID.randomUUID().toString();
                    if (value != null) {
                        loader.results.put(key, value);
                    }
                    return key;
                }
            };
        }
    }

    /** JJava's class loader: snippets and %classpath entries in one URLClassLoader whose parent holds the kernel. */
    static final class Loader implements LoaderDelegate {
        final Map<String, Object> results = new ConcurrentHashMap<>();
        private final Map<String, byte[]> declared = new ConcurrentHashMap<>();
        private final Map<String, Class<?>> loaded = new ConcurrentHashMap<>();
        private final Cells classLoader = new Cells();

        Loader() {
            Thread.currentThread().setContextClassLoader(classLoader);
        }

        @Override
        public void load(ExecutionControl.ClassBytecodes[] cbcs) throws ExecutionControl.ClassInstallException {
            boolean[] installed = new boolean[cbcs.length];
            for (ExecutionControl.ClassBytecodes c : cbcs) {
                declared.put(c.name(), c.bytecodes());
            }
            int i = 0;
            for (ExecutionControl.ClassBytecodes c : cbcs) {
                try {
                    loaded.put(c.name(), classLoader.findClass(c.name()));
                } catch (ClassNotFoundException e) {
                    throw new ExecutionControl.ClassInstallException("Unable to load class " + c.name(), installed);
                }
                installed[i++] = true;
            }
        }

        @Override
        public void classesRedefined(ExecutionControl.ClassBytecodes[] cbcs) {
            for (ExecutionControl.ClassBytecodes c : cbcs) {
                declared.put(c.name(), c.bytecodes());
            }
        }

        @Override
        public void addToClasspath(String path) throws ExecutionControl.InternalException {
            for (String next : PathsHandler.split(path)) {
                try {
                    classLoader.add(Path.of(next).toUri().toURL());
                    System.setProperty("java.class.path", System.getProperty("java.class.path")
                            + java.io.File.pathSeparator + next);
                } catch (MalformedURLException e) {
                    throw new ExecutionControl.InternalException("Unable to resolve classpath " + next);
                }
            }
        }

        @Override
        public Class<?> findClass(String name) throws ClassNotFoundException {
            Class<?> c = loaded.get(name);
            if (c == null && declared.containsKey(name)) {
                c = classLoader.loadClass(name);
            }
            if (c == null) {
                throw new ClassNotFoundException(name + " not found");
            }
            return c;
        }

        final class Cells extends URLClassLoader {
            Cells() {
                super(new URL[0]);
            }

            void add(URL url) {
                addURL(url);
            }

            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] data = declared.get(name);
                if (data == null) {
                    return super.findClass(name);
                }
                return defineClass(name, data, 0, data.length, (java.security.CodeSource) null);
            }
        }
    }
}
