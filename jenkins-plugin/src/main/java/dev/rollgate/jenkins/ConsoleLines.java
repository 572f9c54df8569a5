package dev.rollgate.jenkins;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** A writer onto the build log that starts every line with {@code [rollgate] }, so a person can grep the steps' lines. */
final class ConsoleLines extends Writer {

    static final String PREFIX = "[rollgate] ";

    private final PrintStream log;
    private final StringBuilder line = new StringBuilder();

    private ConsoleLines(PrintStream log) {
        this.log = log;
    }

    static PrintWriter onto(PrintStream log) {
        return new PrintWriter(new ConsoleLines(log), true);
    }

    @Override
    public synchronized void write(char[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            char c = buf[i];
            if (c == '\n') {
                emit();
            } else if (c == '\r') {
                // A terminal's countdown rewrite: a log has no cursor, so the next text starts a new line.
                if (line.length() > 0) {
                    emit();
                }
            } else {
                line.append(c);
            }
        }
    }

    private void emit() {
        byte[] bytes = (PREFIX + line + "\n").getBytes(StandardCharsets.UTF_8);
        log.write(bytes, 0, bytes.length);
        line.setLength(0);
    }

    @Override
    public synchronized void flush() {
        log.flush();
    }

    @Override
    public synchronized void close() {
        if (line.length() > 0) {
            emit();
        }
        flush();
    }
}
