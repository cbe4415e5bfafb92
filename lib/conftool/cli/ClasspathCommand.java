package conftool.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Names the jars conf runs from, so another JVM can load conf as a library. For a Jupyter notebook it links them into
 * one folder, so that JJava's {@code %classpath FOLDER/*.jar} takes them all: that magic takes entries one by one,
 * separated by spaces (each a glob), not a colon-joined path.
 */
@Command(name = "classpath", mixinStandardHelpOptions = true,
        description = {"Print the jars conf runs from, one per line, for a notebook or another JVM.", "",
                "With --link DIR, link them into DIR for a JJava notebook's %classpath DIR/*.jar"
                + " (see notebooks/README.md)."})
final class ClasspathCommand implements Callable<Integer> {

    @ParentCommand
    ConfCommand conf;

    @Option(names = "--joined", description = "One line joined with the path separator, for java -cp.")
    boolean joined;

    @Option(names = "--link", paramLabel = "DIR", description = "Also link the jars into DIR, numbered in classpath"
            + " order, replacing the links an earlier run made there.")
    Path link;

    @Override
    public Integer call() throws IOException {
        List<String> entries = entries();
        if (entries.isEmpty()) {
            throw new conftool.client.ConfException("conf cannot tell its classpath (java.class.path is empty);"
                    + " run it through jbang: ./jbang conf.java classpath");
        }
        if (link != null) {
            link(entries);
        }
        if (joined) {
            conf.out().println(String.join(File.pathSeparator, entries));
        } else {
            entries.forEach(conf.out()::println);
        }
        return ExitCode.OK;
    }

    private void link(List<String> entries) throws IOException {
        Files.createDirectories(link);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(link, "[0-9][0-9]-*.jar")) {
            for (Path p : old) {
                if (Files.isSymbolicLink(p)) {
                    Files.delete(p);
                }
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            Path jar = Path.of(entries.get(i));
            if (!Files.isRegularFile(jar)) {
                continue;
            }
            String name = String.format("%02d-%s", i, jar.getFileName());
            Files.createSymbolicLink(link.resolve(name.endsWith(".jar") ? name : name + ".jar"), jar);
        }
    }

    static List<String> entries() {
        return Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(s -> Path.of(s).toAbsolutePath().normalize())
                .filter(Files::exists)
                .map(Path::toString)
                .toList();
    }
}
