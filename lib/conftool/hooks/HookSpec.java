package conftool.hooks;

import conftool.client.ConfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One hook to load: a JavaScript module file, or an inline {@code --filter}/{@code --map} expression over {@code m}
 * (the member) and {@code c} (the conference).
 *
 * <p>An inline expression is wrapped in a strict-mode script, not a module: it cannot import or export anything
 * anyway, and GraalJS's first module costs a one-shot run about as much again as the rest of its hook.
 *
 * @param name   how messages name it (the file's name, or {@code --filter}/{@code --map})
 * @param origin the file path, or the expression
 * @param source the module's source text (for an inline expression, a script whose value is its "exports")
 * @param prefixLines lines conf put before the user's text (inline expressions), subtracted in positions
 */
public record HookSpec(String name, String origin, String source, int prefixLines) {

    public static HookSpec file(Path file) {
        try {
            String text = Files.readString(file);
            String name = file.getFileName().toString();
            return new HookSpec(name.endsWith(".js") || name.endsWith(".mjs") ? name.substring(0, name.lastIndexOf('.'))
                    : name, file.toString(), text, 0);
        } catch (NoSuchFileException e) {
            throw new ConfException.InvalidInput("hook file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfException.InvalidInput("cannot read hook file " + file + ": " + e.getMessage());
        }
    }

    /** {@code --filter EXPR}: keeps the members for which EXPR is truthy. */
    public static HookSpec filter(String expression) {
        return new HookSpec("--filter", expression, wrap("--filter", "filter", expression), 1);
    }

    /** {@code --map EXPR}: replaces each member by EXPR's value. */
    public static HookSpec map(String expression) {
        return new HookSpec("--map", expression, wrap("--map", "map", expression), 1);
    }

    private static String wrap(String option, String function, String expression) {
        if (expression == null || expression.isBlank()) {
            throw new ConfException.InvalidInput(option + " needs a JavaScript expression over m (the member) and c"
                    + " (the conference), such as m.mute && !m.hold");
        }
        return "(function () { 'use strict'; return { " + function + "(m, c) { return (\n" + expression
                + "\n); } }; })()\n";
    }

    boolean inline() {
        return prefixLines > 0;
    }
}
