package conftool.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import conftool.support.Needed;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example notebook through real Jupyter: {@code jupyter nbconvert --execute}, as README's notebook section says
 * to run it headless. With an installed Java kernel (JJava), and with the JJava-like test kernel of
 * {@code tests/jjava}, which speaks the Jupyter protocol through JJava's own library. Skipped, saying why, where
 * Jupyter or the kernel is missing.
 */
class NbconvertTest {

    static final Path ROOT = ExampleNotebookTest.ROOT;

    record Run(int code, String out) {
    }

    static Run jupyter(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("jupyter"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(ROOT.toFile());
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (java.io.IOException notInstalled) {
            return new Run(127, "jupyter is not on PATH");
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("jupyter " + String.join(" ", args) + " did not finish in 10 minutes");
        }
        return new Run(p.exitValue(), out);
    }

    static void assumeNbconvert() throws Exception {
        Run v = jupyter(Map.of(), "nbconvert", "--version");
        Needed.tool(v.code() == 0, "Jupyter's nbconvert is not installed (Debian: apt-get install"
                + " jupyter-client python3-nbclient jupyter-nbconvert): " + v.out().strip());
    }

    static ExecutedNotebook execute(Map<String, String> env, String kernel, Path dir) throws Exception {
        Run run = jupyter(env, "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=" + kernel, "--ExecutePreprocessor.timeout=600",
                "--ExecutePreprocessor.startup_timeout=180", "--output-dir", dir.toString(), "--output", "executed",
                "notebooks/conf-demo.ipynb");
        assertEquals(0, run.code(), run.out());
        return new ExecutedNotebook(dir.resolve("executed.ipynb"));
    }

    @Test
    void theExampleNotebookRunsInJupyterWithTheInstalledJavaKernel(@TempDir Path dir) throws Exception {
        assumeNbconvert();
        Run specs = jupyter(Map.of(), "kernelspec", "list", "--json");
        String kernel = null;
        if (specs.code() == 0) {
            String json = specs.out().substring(Math.max(0, specs.out().indexOf('{')));
            JsonObject all = Json.createReader(new StringReader(json)).readObject().getJsonObject("kernelspecs");
            for (String name : all.keySet()) {
                JsonObject spec = all.getJsonObject(name).getJsonObject("spec");
                if (spec.getString("language", "").equalsIgnoreCase("java")) {
                    kernel = name;
                    break;
                }
            }
        }
        Needed.tool(kernel != null, "no Java kernel is installed in Jupyter (JJava: see notebooks/README.md;"
                + " .ci/run installs JJava 1.0-a7 from ../shared/tools); `jupyter kernelspec list` shows none with"
                + " language java");
        ExecutedNotebook run = execute(Map.of(), kernel, dir);
        run.assertExampleOutputs();
        run.assertNothingOnStderr();
    }

    @Test
    void theExampleNotebookRunsInJupyterWithTheJJavaLikeTestKernel(@TempDir Path dir) throws Exception {
        assumeNbconvert();
        Path spec = dir.resolve("jupyter/kernels/conf-jjava-like");
        Files.createDirectories(spec);
        Files.writeString(spec.resolve("kernel.json"), Json.createObjectBuilder()
                .add("argv", Json.createArrayBuilder().add(ROOT.resolve("jbang").toString()).add("--quiet")
                        .add(ROOT.resolve("tests/jjava/NotebookRunner.java").toString()).add("--kernel")
                        .add("{connection_file}"))
                .add("display_name", "Java (JJava-like test kernel)")
                .add("language", "java")
                .add("interrupt_mode", "message")
                .build().toString());
        ExecutedNotebook run = execute(Map.of("JUPYTER_PATH", dir.resolve("jupyter").toString()), "conf-jjava-like",
                dir);
        run.assertExampleOutputs();
        run.assertNothingOnStderr();
    }
}
