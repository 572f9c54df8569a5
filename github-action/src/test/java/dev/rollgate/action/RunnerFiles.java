package dev.rollgate.action;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an environment file ({@code GITHUB_OUTPUT}, {@code GITHUB_STATE}, {@code GITHUB_ENV}) the way the runner on
 * Linux does (actions/runner {@code FileCommandManager}, {@code EnvFileKeyValuePairs}): lines end at {@code \n}; empty
 * lines are skipped; {@code NAME=VALUE} when {@code =} comes before {@code <<}, else {@code NAME<<DELIMITER} and the
 * value is every following line up to one exactly equal to the delimiter. A later value of a name replaces an
 * earlier one.
 */
final class RunnerFiles {

    /** The runner's "Unable to process file command" failure. */
    static final class InvalidFileException extends RuntimeException {
        InvalidFileException(String message) {
            super(message);
        }
    }

    private RunnerFiles() {
    }

    static Map<String, String> parse(Path file) throws IOException {
        return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }

    static Map<String, String> parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        int[] index = {0};
        String line;
        while ((line = readLine(text, index)) != null) {
            if (line.isEmpty()) {
                continue;
            }
            int equals = line.indexOf('=');
            int heredoc = line.indexOf("<<");
            if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
                String name = line.substring(0, equals);
                if (name.isEmpty()) {
                    throw new InvalidFileException("Invalid format '" + line + "'. Name must not be empty");
                }
                values.put(name, line.substring(equals + 1));
            } else if (heredoc >= 0) {
                String name = line.substring(0, heredoc);
                String delimiter = line.substring(heredoc + 2);
                if (name.isEmpty() || delimiter.isEmpty()) {
                    throw new InvalidFileException("Invalid format '" + line
                            + "'. Name must not be empty and delimiter must not be empty");
                }
                int start = index[0];
                int end = start;
                while (true) {
                    int lineStart = index[0];
                    String valueLine = readLine(text, index);
                    if (valueLine == null) {
                        throw new InvalidFileException(
                                "Invalid value. Matching delimiter not found '" + delimiter + "'");
                    }
                    if (valueLine.equals(delimiter)) {
                        break;
                    }
                    boolean endedByNewline = index[0] > lineStart + valueLine.length();
                    if (!endedByNewline) {
                        throw new InvalidFileException("Invalid value. EOF marker missing new line.");
                    }
                    end = index[0] - 1;
                }
                values.put(name, end > start ? text.substring(start, end) : "");
            } else {
                throw new InvalidFileException("Invalid format '" + line + "'");
            }
        }
        return values;
    }

    /** The line at {@code index[0]} without its {@code \n}, advancing past it; null at the end of the text. */
    private static String readLine(String text, int[] index) {
        if (index[0] >= text.length()) {
            return null;
        }
        int from = index[0];
        int lf = text.indexOf('\n', from);
        if (lf < 0) {
            index[0] = text.length();
            return text.substring(from);
        }
        index[0] = lf + 1;
        return text.substring(from, lf);
    }
}
