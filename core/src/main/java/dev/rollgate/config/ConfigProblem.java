package dev.rollgate.config;

/**
 * One thing wrong with a configuration file, located precisely enough to fix it without searching.
 *
 * @param line   1-based, 0 when unknown
 * @param column 1-based, 0 when unknown
 * @param path   the field path, e.g. {@code environments.production.gates.window.hours}; empty for the document
 */
public record ConfigProblem(String file, int line, int column, String path, String message) {

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(file);
        if (line > 0) {
            s.append(':').append(line);
            if (column > 0) {
                s.append(':').append(column);
            }
        }
        s.append(": ");
        if (!path.isEmpty()) {
            s.append(path).append(": ");
        }
        return s.append(message).toString();
    }
}
