package conftool.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs notebooks the way the JJava kernel does, through {@code tests/jjava/NotebookRunner.java}: JShell with a local
 * execution engine in a JVM that holds only the kernel's library, JJava's default imports, cells split into
 * snippets, and {@code %classpath}/{@code lineMagic("classpath", …)} adding jars. conf reaches that JVM only through
 * the notebook's first cell, as in Jupyter.
 */
class ExampleNotebookTest {

    static final Path ROOT = Path.of("").toAbsolutePath();

    record Run(int code, String err, ExecutedNotebook notebook) {
    }

    /** Runs {@code notebook} with the kernel's working folder in {@code notebooks/}, as Jupyter starts kernels. */
    static Run run(Path notebook, Path dir) throws Exception {
        Path out = dir.resolve("out.ipynb");
        Path err = dir.resolve("runner.err");
        Process p = new ProcessBuilder(ROOT.resolve("jbang").toString(), "--quiet",
                ROOT.resolve("tests/jjava/NotebookRunner.java").toString(), notebook.toString(), out.toString())
                .directory(ROOT.resolve("notebooks").toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the notebook did not finish in 5 minutes");
        }
        return new Run(p.exitValue(), Files.readString(err), Files.exists(out) ? new ExecutedNotebook(out) : null);
    }

    static Path notebook(Path dir, String... cells) throws Exception {
        StringBuilder json = new StringBuilder("{\"cells\": [");
        for (int i = 0; i < cells.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [],")
                    .append(" \"execution_count\": null, \"source\": ")
                    .append(jakarta.json.Json.createValue(cells[i]).toString()).append("}");
        }
        json.append("], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        Path file = dir.resolve("test.ipynb");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void theExampleNotebookRunsTopToBottomAgainstTheSimulatorWithHtmlTables(@TempDir Path dir) throws Exception {
        Run run = run(ROOT.resolve("notebooks/conf-demo.ipynb"), dir);
        assertEquals(0, run.code(), run.err());
        run.notebook().assertExampleOutputs();
        run.notebook().assertNothingOnStderr();
    }

    @Test
    void confIsNotOnTheKernelsClasspathUntilTheFirstCellPutsItThere(@TempDir Path dir) throws Exception {
        Run run = run(notebook(dir, "import conftool.notebook.*;\nConf.simulator()"), dir);
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("package conftool.notebook does not exist"), run.err());
    }

    @Test
    void aColonJoinedClasspathIsNotWhatJJavasClasspathMagicTakes(@TempDir Path dir) throws Exception {
        String joined = String.join(java.io.File.pathSeparator, List.of(
                System.getProperty("java.class.path").split(java.io.File.pathSeparator)));
        Run run = run(notebook(dir, "%classpath " + joined + "\nimport conftool.notebook.*;"), dir);
        assertEquals(1, run.code(), "one colon-joined argument names no file: " + run.err());
        assertTrue(run.err().contains("package conftool.notebook does not exist"), run.err());
    }

    @Test
    void aCellThatThrowsStopsTheNotebookThereWithTheException(@TempDir Path dir) throws Exception {
        Run run = run(notebook(dir, "1 + 1", "throw new IllegalStateException(\"boom\");", "\"never run\""), dir);
        assertEquals(1, run.code(), run.err());
        assertEquals("2", run.notebook().result(0));
        assertEquals(List.of("cell 2: RuntimeException: java.lang.IllegalStateException, boom"), run.notebook().errors());
        assertNull(run.notebook().result(2));
    }

    @Test
    void theFirstCellSaysWhichCommandFailedWhenConfCannotBeBuilt(@TempDir Path dir) throws Exception {
        String first = firstCell().replace("\"../conf.java\"", "\"../no-such-script.java\"");
        Run run = run(notebook(dir, first), dir);
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("../jbang --quiet ../no-such-script.java classpath --link conf-jars failed"),
                run.err());
    }

    @Test
    void theFirstCellWorksThroughConfsJbangCatalogToo(@TempDir Path dir) throws Exception {
        // the catalog of this checkout, named by its path: the same alias resolution as a registered catalog
        String first = firstCell().replace("\"../jbang\", \"--quiet\", \"../conf.java\"",
                "\"../jbang\", \"--quiet\", \"conf@" + ROOT + "\"");
        Run run = run(notebook(dir, first, "import conftool.notebook.*;\nConf conf = Conf.simulator();\n"
                + "conf.conferences().size() + \" conferences\""), dir);
        assertEquals(0, run.code(), run.err());
        assertTrue(run.notebook().result(0).matches("\\d+ jars of conf on the classpath"), run.notebook().result(0));
        assertEquals("4 conferences", run.notebook().result(1));
    }

    /** The example notebook's first code cell, as its source text. */
    static String firstCell() throws Exception {
        try (var r = jakarta.json.Json.createReader(Files.newBufferedReader(ROOT.resolve("notebooks/conf-demo.ipynb")))) {
            for (var v : r.readObject().getJsonArray("cells")) {
                var cell = v.asJsonObject();
                if (cell.getString("cell_type").equals("code")) {
                    StringBuilder s = new StringBuilder();
                    cell.getJsonArray("source").getValuesAs(jakarta.json.JsonString.class)
                            .forEach(x -> s.append(x.getString()));
                    return s.toString();
                }
            }
        }
        throw new AssertionError("no code cell");
    }
}
