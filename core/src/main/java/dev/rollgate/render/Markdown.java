package dev.rollgate.render;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Untrusted text (a deployment reason, a hook's output, a config value) on its way into GitHub-flavoured Markdown,
 * such as a job summary, and a size-guarded document builder for the renderers.
 *
 * <p>{@link #text} makes a string inert: one line, {@code & < > "} as HTML entities, every other ASCII punctuation
 * character backslash-escaped (so no emphasis, code span, link, image, table pipe, heading, list, math or
 * autolink can form), {@code @} followed by a zero width space (so no one is mentioned), and control and
 * bidirectional-override characters replaced. The result renders as the original characters, as plain text.
 */
public final class Markdown {

    /**
     * The most UTF-8 bytes a rendered document may have. GitHub drops a step summary over 1 MiB whole; this keeps a
     * margin for what a caller adds around it.
     */
    public static final int MAX_BYTES = 900 * 1024;

    /** Longest untrusted text kept, in code points, before escaping; longer text ends in an ellipsis. */
    public static final int MAX_TEXT = 2_000;

    static final String ZERO_WIDTH_SPACE = "\u200B";

    private Markdown() {
    }

    /** {@code untrusted} as inert inline text on one line, cut to {@link #MAX_TEXT} code points. */
    public static String text(String untrusted) {
        String line = Escaping.singleLine(untrusted);
        if (line.codePointCount(0, line.length()) > MAX_TEXT) {
            line = line.substring(0, line.offsetByCodePoints(0, MAX_TEXT)) + "…";
        }
        StringBuilder s = new StringBuilder(line.length() + 16);
        line.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                // The mention filter runs on the rendered text, where a backslash would be gone.
                case '@' -> s.append('@').append(ZERO_WIDTH_SPACE);
                default -> {
                    if (isAsciiPunctuation(c)) {
                        s.append('\\').append((char) c);
                    } else if (isBidiControl(c)) {
                        s.append('\uFFFD'); // would make the rest of the line read backwards
                    } else {
                        s.appendCodePoint(c);
                    }
                }
            }
        });
        return s.toString();
    }

    /**
     * The first line of {@code untrusted} (leading blank lines skipped) as {@link #text}, with " …" when more lines
     * followed: for a hook's output in a table cell.
     */
    public static String firstLine(String untrusted) {
        String stripped = untrusted.strip();
        int end = 0;
        while (end < stripped.length() && stripped.charAt(end) != '\n' && stripped.charAt(end) != '\r') {
            end++;
        }
        String first = stripped.substring(0, end).strip();
        return text(first) + (end < stripped.length() ? " …" : "");
    }

    /** The number of UTF-8 bytes of {@code text}. */
    public static int utf8Length(CharSequence text) {
        return text.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private static boolean isAsciiPunctuation(int c) {
        return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~';
    }

    private static boolean isBidiControl(int c) {
        return c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069 || c == 0x200E || c == 0x200F
                || c == 0x061C;
    }

    /**
     * A Markdown document that stays within a byte budget: lines that do not fit are left out, a table stops at
     * the last row that fits, and each cut is followed by a note that says so. Everything given to it must already
     * be escaped or trusted.
     */
    static final class Document {

        /** Room always kept for the notes about what was left out. */
        static final int NOTE_RESERVE = 1_024;

        private final StringBuilder out = new StringBuilder();
        private final int maxBytes;
        private int bytes;
        private boolean linesLeftOut;

        Document(int maxBytes) {
            if (maxBytes <= NOTE_RESERVE) {
                throw new IllegalArgumentException("maxBytes must be above " + NOTE_RESERVE + ", was " + maxBytes);
            }
            this.maxBytes = maxBytes;
        }

        Document() {
            this(MAX_BYTES);
        }

        /** Bytes still free for content (the note reserve excluded). */
        int remaining() {
            return maxBytes - NOTE_RESERVE - bytes;
        }

        /** Appends {@code line} and a line feed if it fits. */
        Document line(String line) {
            if (!fits(line)) {
                linesLeftOut = true;
                return this;
            }
            append(line);
            return this;
        }

        /** Appends an empty line (a paragraph break). */
        Document blank() {
            return line("");
        }

        /**
         * A table of escaped cells, using at most {@code budget} bytes (and never more than remain); rows past that
         * are left out and counted in a note under the table.
         */
        Document table(List<String> header, List<List<String>> rows, int budget, String rowsName) {
            int limit = Math.min(budget, remaining());
            String head = row(header) + "\n" + row(header.stream().map(h -> "---").toList());
            int used = utf8Length(head) + 1;
            if (used > limit) {
                linesLeftOut = true;
                return this;
            }
            List<String> kept = new ArrayList<>();
            for (List<String> r : rows) {
                if (r.size() != header.size()) {
                    throw new IllegalArgumentException("a row has " + r.size() + " cells, the header " + header.size());
                }
                String line = row(r);
                int size = utf8Length(line) + 1;
                if (used + size > limit) {
                    break;
                }
                used += size;
                kept.add(line);
            }
            append(head);
            kept.forEach(this::append);
            if (kept.size() < rows.size()) {
                forceNote("_" + (rows.size() - kept.size()) + " more " + rowsName + " not shown: this summary is kept under "
                        + MAX_BYTES / 1024 + " KiB._");
            }
            return this;
        }

        private static String row(List<String> cells) {
            return "| " + String.join(" | ", cells) + " |";
        }

        private boolean fits(String line) {
            return utf8Length(line) + 1 <= remaining();
        }

        private void append(String line) {
            out.append(line).append('\n');
            bytes += utf8Length(line) + 1;
        }

        /** A note in the reserve (a blank line first, so it is not read as a table row). */
        private void forceNote(String note) {
            out.append('\n').append(note).append('\n');
            bytes += utf8Length(note) + 2;
        }

        /** The document, with a closing note when lines were left out. */
        String render() {
            if (linesLeftOut) {
                forceNote("_Some lines were left out: this summary is kept under " + MAX_BYTES / 1024 + " KiB._");
            }
            return out.toString();
        }
    }
}
