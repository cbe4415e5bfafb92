package conftool.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether stdout is a terminal, which picks table or JSON output. */
final class Terminal {

    private Terminal() {
    }

    static boolean isTerminal(java.util.Map<String, String> env) {
        String forced = env.get("CONF_TERMINAL");
        if (forced != null && !forced.isEmpty()) {
            return Boolean.parseBoolean(forced);
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // From JDK 22 System.console() is non-null even when redirected; isTerminal() tells the truth there.
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
