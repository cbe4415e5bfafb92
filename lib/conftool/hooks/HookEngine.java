package conftool.hooks;

import java.io.FilterOutputStream;
import java.io.OutputStream;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;

/**
 * The one GraalJS engine of the process, built on first use so that a run without hooks loads no GraalJS class.
 * Contexts share it, and with it their parsed code.
 */
final class HookEngine {

    private static Engine engine;

    private HookEngine() {
    }

    static synchronized Engine get() {
        if (engine == null) {
            // Stock JDKs run GraalJS without its optimizing runtime; the warning about it is noise to a conf user.
            System.setProperty("polyglotimpl.AttachLibraryFailureAction", "ignore");
            OutputStream stderr = new FilterOutputStream(System.err);
            engine = Engine.newBuilder("js")
                    .sandbox(SandboxPolicy.CONSTRAINED)
                    .out(stderr)
                    .err(stderr)
                    .option("engine.WarnInterpreterOnly", "false")
                    .build();
        }
        return engine;
    }
}
