package conftool.cli;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * SIGINT and SIGTERM for long-running commands: instead of the JVM's abrupt exit (status 130/143), the command is
 * told to stop, finishes its cycle, flushes, and exits 0. Uses {@code sun.misc.Signal} (module jdk.unsupported)
 * reflectively, so the build stays free of internal-API warnings; where it is missing, the JVM default applies.
 */
final class Signals {

    private Signals() {
    }

    /** Calls {@code stop} on SIGINT or SIGTERM; returns what puts the previous handlers back. */
    static List<Runnable> onStop(Runnable stop) {
        List<Runnable> restore = new ArrayList<>();
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Object handler = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            stop.run();
                        }
                        return null;
                    });
            for (String name : List.of("INT", "TERM")) {
                try {
                    Object signal = signalClass.getConstructor(String.class).newInstance(name);
                    Object previous = handle.invoke(null, signal, handler);
                    restore.add(() -> {
                        try {
                            handle.invoke(null, signal, previous);
                        } catch (ReflectiveOperationException ignored) {
                            // the process is ending anyway
                        }
                    });
                } catch (ReflectiveOperationException | IllegalArgumentException e) {
                    // this signal cannot be handled here: the default applies
                }
            }
        } catch (ReflectiveOperationException e) {
            // no sun.misc.Signal on this JVM: the default applies
        }
        return restore;
    }
}
