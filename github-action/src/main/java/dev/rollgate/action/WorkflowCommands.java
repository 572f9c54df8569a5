package dev.rollgate.action;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * GitHub Actions workflow commands ({@code ::name key=value::data}) written to one {@link PrintWriter}, and untrusted
 * text printed so that the runner cannot read a command in it.
 *
 * <p>The runner parses stdout and stderr alike, line by line: it splits at {@code \r}, {@code \n} and {@code \r\n},
 * trims leading whitespace before looking for {@code ::}, and finds the legacy {@code ##[name]data} form anywhere in a
 * line. So escaping line breaks is not enough for free text: {@link #log} and {@link #untrusted} print it between
 * {@code ::stop-commands::<random token>} and {@code ::<token>::}, which turns command processing off for both
 * syntaxes in between. Everything Rollgate puts inside a command (titles, messages, secrets) is escaped the way the
 * runner unescapes it, so it arrives as the original text and cannot end the command early.
 *
 * <p>At most one untrusted block holds command processing off at a time. A command issued while a block is open
 * (an annotation from a shutdown hook, say) first resumes processing, or the runner would drop it; the block stops
 * processing again, with a fresh token, before its next line. All output goes through one lock, so the text of a
 * block and the commands around it never interleave mid-line. Commands start a line: whoever else writes to the same
 * stream must end its lines.
 *
 * <p>Problem matchers a workflow registered still see every line; that is the runner's design, not a command.
 */
public final class WorkflowCommands {

    /** The longest line an untrusted block holds back while waiting for its end; longer text is split. */
    static final int MAX_LINE = 8_192;

    private final PrintWriter out;
    private final Map<String, Integer> annotations = new HashMap<>();
    /** The block that has command processing stopped right now, or null. */
    private Untrusted stopped;

    public WorkflowCommands(PrintWriter out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Escapes command data as the runner unescapes it: {@code %} first, then {@code \r} and {@code \n}. */
    public static String escapeData(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** Escapes a property value: as {@link #escapeData}, plus {@code :} and {@code ,}, which end a property. */
    public static String escapeProperty(String s) {
        return escapeData(s).replace(":", "%3A").replace(",", "%2C");
    }

    /**
     * Asks the runner to replace {@code secret} (and each of its lines) by {@code ***} in all later output. Do it
     * before the value is printed anywhere: masking does not reach back. Null and blank values are ignored, as the
     * runner would only warn about them.
     */
    public void mask(String secret) {
        if (secret == null || secret.isBlank()) {
            return;
        }
        command("add-mask", "", secret);
    }

    /** An error annotation. The runner shows 10 per type per step; all of them are printed and counted. */
    public void error(String title, String message) {
        annotate("error", title, message);
    }

    /**
     * An error annotation on a line of a file in the repository (GitHub shows it on the file); {@code line} 0 when
     * unknown. The runner maps a container path to the checkout, so the path is the one the step read.
     */
    public void error(String title, String message, String file, int line) {
        String properties = (title == null || title.isBlank() ? "" : "title=" + escapeProperty(title.strip()) + ",")
                + "file=" + escapeProperty(file) + (line > 0 ? ",line=" + line : "");
        synchronized (this) {
            command("error", " " + properties, message);
            annotations.merge("error", 1, Integer::sum);
        }
    }

    /** A warning annotation; see {@link #error}. */
    public void warning(String title, String message) {
        annotate("warning", title, message);
    }

    /** A notice annotation; see {@link #error}. */
    public void notice(String title, String message) {
        annotate("notice", title, message);
    }

    /** How many annotations of {@code type} ({@code error}, {@code warning}, {@code notice}) were printed. */
    public synchronized int annotations(String type) {
        return annotations.getOrDefault(type.toLowerCase(Locale.ROOT), 0);
    }

    /** Starts a fold in the log; {@link #endGroup} ends it. */
    public void group(String title) {
        command("group", "", title);
    }

    public void endGroup() {
        command("endgroup", "", "");
    }

    /** A line shown only when step debug logging is on. */
    public void debug(String message) {
        command("debug", "", message);
    }

    /**
     * Prints untrusted text, one or more lines, so that no line can act as a command. Lines with nothing that could
     * start a command go out as they are; otherwise the text goes out in an {@link #untrusted} block.
     */
    public synchronized void log(String untrustedText) {
        List<String> lines = lines(untrustedText == null ? "" : untrustedText);
        if (lines.stream().noneMatch(WorkflowCommands::mayHoldCommand)) {
            for (String line : lines) {
                out.write(line);
                out.write('\n');
            }
            out.flush();
            return;
        }
        try (Untrusted block = untrusted()) {
            for (String line : lines) {
                block.accept(line);
                block.accept("\n");
            }
        }
    }

    /**
     * Opens a block for streamed untrusted text (a hook's output, say): prints {@code ::stop-commands::<token>} now,
     * and {@code ::<token>::} on {@link Untrusted#close}. Close it before printing anything else of Rollgate's own.
     */
    public synchronized Untrusted untrusted() {
        Untrusted block = new Untrusted();
        block.stopCommands();
        out.flush();
        return block;
    }

    private void annotate(String type, String title, String message) {
        String properties = title == null || title.isBlank() ? "" : " title=" + escapeProperty(title.strip());
        synchronized (this) {
            command(type, properties, message);
            annotations.merge(type, 1, Integer::sum);
        }
    }

    private synchronized void command(String name, String properties, String data) {
        if (stopped != null) {
            stopped.resumeCommands();
        }
        out.write("::" + name + properties + "::" + escapeData(data) + "\n");
        out.flush();
    }

    /** The runner's lines: split at {@code \r}, {@code \n} or {@code \r\n}; a final line break ends the last line. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                lines.add(text.substring(start, i));
                i += c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start < text.length() || lines.isEmpty()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /**
     * Whether the runner might look for a command in {@code line}: it does so only when the line holds {@code ::} or
     * {@code ##[}. .NET searches strings culture-sensitively by default, which may skip ignorable code points (soft
     * hyphen, zero-width and format characters, variation selectors), so those are dropped before looking.
     */
    static boolean mayHoldCommand(String line) {
        StringBuilder visible = new StringBuilder(line.length());
        line.codePoints().filter(c -> !mayBeIgnorable(c)).forEach(visible::appendCodePoint);
        String s = visible.toString();
        return s.contains("::") || s.contains("##[");
    }

    private static boolean mayBeIgnorable(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.NON_SPACING_MARK
                || type == Character.ENCLOSING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.SURROGATE || type == Character.PRIVATE_USE || type == Character.UNASSIGNED;
    }

    /**
     * A block of untrusted text. Text written to {@link #writer} is passed on line by line while the runner's
     * command processing is stopped; a line that contains the block's token (the one thing that would resume it) has
     * the token replaced by {@code ***}. A last line without a line break gets one on {@link #close}.
     */
    public final class Untrusted implements AutoCloseable {

        private final StringBuilder partial = new StringBuilder();
        private final PrintWriter writer = new PrintWriter(new LineWriter(), true);
        private boolean afterCarriageReturn;
        /** Set while this block has command processing stopped. */
        private String token;
        private boolean closed;

        private Untrusted() {
        }

        /** Where the untrusted text goes. Flushes on {@code println}; anything unfinished goes out on close. */
        public PrintWriter writer() {
            return writer;
        }

        /** Ends the last line if it was left open and resumes command processing. Closing twice does nothing. */
        @Override
        public void close() {
            synchronized (WorkflowCommands.this) {
                if (closed) {
                    return;
                }
                if (partial.length() > 0) {
                    emitLine();
                }
                if (stopped == this) {
                    resumeCommands();
                }
                closed = true;
                out.flush();
            }
        }

        /** Takes text; complete lines go out. Called with the lock held. */
        private void accept(CharSequence text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' && afterCarriageReturn) {
                    afterCarriageReturn = false; // the second half of \r\n: that line is out already
                    continue;
                }
                afterCarriageReturn = c == '\r';
                if (c == '\r' || c == '\n') {
                    emitLine();
                } else {
                    partial.append(c);
                    if (partial.length() >= MAX_LINE && !Character.isHighSurrogate(c)) {
                        emitLine(); // bounded memory for text that never ends a line
                    }
                }
            }
        }

        private void emitLine() {
            stopCommands();
            out.write(neutralise(partial.toString()));
            out.write('\n');
            partial.setLength(0);
        }

        private void stopCommands() {
            if (stopped == this) {
                return;
            }
            if (stopped != null) {
                stopped.resumeCommands();
            }
            token = UUID.randomUUID().toString().replace("-", "");
            out.write("::stop-commands::" + token + "\n");
            stopped = this;
        }

        private void resumeCommands() {
            out.write("::" + token + "::\n");
            token = null;
            stopped = null;
        }

        /** The runner resumes on a command named like the token, matched ignoring case; take the token out. */
        private String neutralise(String line) {
            StringBuilder s = new StringBuilder(line.length());
            int i = 0;
            while (i < line.length()) {
                if (line.regionMatches(true, i, token, 0, token.length())) {
                    s.append("***");
                    i += token.length();
                } else {
                    s.append(line.charAt(i));
                    i++;
                }
            }
            return s.toString();
        }

        private final class LineWriter extends Writer {

            @Override
            public void write(char[] buffer, int offset, int length) throws IOException {
                synchronized (WorkflowCommands.this) {
                    if (closed) {
                        throw new IOException("the untrusted block is closed");
                    }
                    accept(CharBuffer.wrap(buffer, offset, length));
                }
            }

            @Override
            public void flush() {
                synchronized (WorkflowCommands.this) {
                    out.flush();
                }
            }

            @Override
            public void close() {
                Untrusted.this.close();
            }
        }
    }
}
