package conftool.notebook;

import java.io.Writer;

/**
 * Writes to whatever {@code System.err} is at the moment of writing. JJava swaps {@code System.err} for each cell;
 * a writer that kept the stream of the cell that created it would send later hook output to a finished cell.
 */
class CurrentStderr extends Writer {

    @Override
    public void write(char[] buf, int off, int len) {
        System.err.print(new String(buf, off, len));
    }

    @Override
    public void flush() {
        System.err.flush();
    }

    @Override
    public void close() {
        flush();
    }
}
