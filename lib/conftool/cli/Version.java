package conftool.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code conf --version}. */
final class Version implements IVersionProvider {

    static final String VERSION = "0.1.0";

    @Override
    public String[] getVersion() {
        return new String[] {"conf " + VERSION,
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
