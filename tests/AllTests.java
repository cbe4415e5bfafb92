///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Runs conf's JUnit 5 tests and ends with a line "N passed, N failed". Args: class-name filters.
//SOURCES ../conf.java
//SOURCES conftool/**.java
//COMPILE_OPTIONS -encoding UTF-8
//DEPS org.junit.jupiter:junit-jupiter-engine:5.14.1
//DEPS org.junit.jupiter:junit-jupiter-params:5.14.1
//DEPS org.junit.platform:junit-platform-launcher:1.14.1

import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The test command of README: every test class under tests/conftool, or those whose names match the arguments. */
public class AllTests {

    public static void main(String... args) {
        List<String> patterns = new ArrayList<>();
        for (String a : args) {
            patterns.add(".*" + a + ".*");
        }
        if (patterns.isEmpty()) {
            patterns.add(".*Test");
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage("conftool"))
                .filters(includeClassNamePatterns(patterns.toArray(String[]::new)))
                .build();
        AtomicLong passed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        PrintWriter out = new PrintWriter(System.out, true);
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                if (id.isTest() || id.isContainer()) {
                    skipped.incrementAndGet();
                    out.println("SKIP  " + name(id) + ": " + reason);
                }
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) {
                    if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                        skipped.incrementAndGet();
                        out.println("SKIP  " + name(id) + ": "
                                + result.getThrowable().map(Throwable::getMessage).orElse(""));
                    } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                        failed.incrementAndGet();
                        out.println("FAIL  " + name(id) + " (setup)");
                        result.getThrowable().ifPresent(t -> t.printStackTrace(out));
                    }
                    return;
                }
                switch (result.getStatus()) {
                    case SUCCESSFUL -> {
                        passed.incrementAndGet();
                        out.println("ok    " + name(id));
                    }
                    case ABORTED -> {
                        skipped.incrementAndGet();
                        out.println("SKIP  " + name(id) + ": "
                                + result.getThrowable().map(Throwable::getMessage).orElse(""));
                    }
                    default -> {
                        failed.incrementAndGet();
                        out.println("FAIL  " + name(id));
                        result.getThrowable().ifPresent(t -> t.printStackTrace(out));
                    }
                }
            }

            @Override
            public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
                out.println("      " + entry.getKeyValuePairs());
            }
        };
        LauncherFactory.create().execute(request, listener);
        String summary = passed.get() + " passed, " + failed.get() + " failed"
                + (skipped.get() > 0 ? ", " + skipped.get() + " skipped" : "");
        out.println(summary);
        out.flush();
        System.exit(failed.get() > 0 || passed.get() == 0 ? 1 : 0);
    }

    private static String name(TestIdentifier id) {
        String cls = id.getUniqueIdObject().getSegments().stream()
                .filter(s -> s.getType().equals("class")).map(s -> s.getValue()).findFirst().orElse("");
        return cls.substring(cls.lastIndexOf('.') + 1) + " > " + id.getLegacyReportingName();
    }
}
