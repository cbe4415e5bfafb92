package conftool.notebook;

import conftool.model.Alert;
import conftool.model.Conference;
import conftool.model.ConferenceMember;
import conftool.model.Event;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Supplier;

/**
 * Teaches a running JJava kernel to show conf's results as HTML, without conf depending on JJava: the kernel's
 * classes are looked up by name and its {@code RenderFunction} is implemented by a proxy. Outside JJava (the command
 * line, plain JShell, tests) the classes are absent and nothing happens.
 *
 * <p>JJava (1.0-a6 and later) runs cells in a class loader whose parent holds the kernel, so these names resolve to
 * the kernel's own classes once conf is on the notebook's classpath.
 */
final class JJavaDisplay {

    private static final String KERNEL = "org.dflib.jjava.jupyter.kernel.BaseKernel";
    private static final String DISPLAY = "org.dflib.jjava.jupyter.kernel.display.";
    static final List<Class<?>> TYPES = List.of(Table.class, Conference.class, ConferenceMember.class,
            HookResult.class, WatchResult.class, Event.class, Alert.class);

    private static Object renderer;

    private JJavaDisplay() {
    }

    /** Registers the HTML renderers with the running kernel, once per kernel; false when no JJava kernel runs. */
    static synchronized boolean install() {
        ClassLoader loader = JJavaDisplay.class.getClassLoader();
        try {
            Class<?> kernelClass = Class.forName(KERNEL, false, loader);
            Object kernel;
            try {
                kernel = kernelClass.getMethod("notebookKernel").invoke(null);
            } catch (InvocationTargetException noKernelRunning) {
                return false;
            }
            Object current = kernelClass.getMethod("getRenderer").invoke(kernel);
            if (current == renderer) {
                return true;
            }
            Class<?> function = Class.forName(DISPLAY + "RenderFunction", false, loader);
            Class<?> mime = Class.forName(DISPLAY + "mime.MIMEType", false, loader);
            Object textHtml = mime.getField("TEXT_HTML").get(null);
            Object textPlain = mime.getField("TEXT_PLAIN").get(null);
            Method renderIfRequested = Class.forName(DISPLAY + "RenderContext", false, loader)
                    .getMethod("renderIfRequested", mime, Supplier.class);
            Object render = Proxy.newProxyInstance(loader, new Class<?>[] {function}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "render" -> {
                        Object value = args[0];
                        Object context = args[1];
                        String html = Html.of(value);
                        if (html != null) {
                            renderIfRequested.invoke(context, textHtml, (Supplier<Object>) () -> html);
                        }
                        renderIfRequested.invoke(context, textPlain, (Supplier<Object>) () -> Text.of(value));
                        return null;
                    }
                    case "hashCode" -> {
                        return System.identityHashCode(proxy);
                    }
                    case "equals" -> {
                        return proxy == args[0];
                    }
                    case "toString" -> {
                        return "conf's HTML renderer";
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                }
            });
            Method create = current.getClass().getMethod("createRegistration", Class.class);
            for (Class<?> type : TYPES) {
                Object registration = create.invoke(current, type);
                registration = registration.getClass().getMethod("preferring", String[].class)
                        .invoke(registration, (Object) new String[] {"text/html"});
                registration.getClass().getMethod("register", function).invoke(registration, render);
            }
            renderer = current;
            return true;
        } catch (ClassNotFoundException notInJJava) {
            return false;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a JJava whose display API differs: results still show as text
            System.err.println("conf: could not register HTML tables with this JJava kernel (" + e
                    + "); results show as text, or use display(Conf.html(x), \"text/html\")");
            return false;
        }
    }
}
