package dev.rollgate.gate.quality;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A report file that cannot be used: missing, unreadable, malformed or of the wrong format.
 * The message names the file first, so it reads well on its own:
 * {@code target/site/jacoco/jacoco.xml: not found}.
 */
public final class ReportException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final String problem;

    public ReportException(Path path, String problem) {
        this(path, problem, null);
    }

    public ReportException(Path path, String problem, Throwable cause) {
        super(Objects.requireNonNull(path, "path") + ": " + Objects.requireNonNull(problem, "problem"), cause);
        this.path = path;
        this.problem = problem;
    }

    /** The report file (or directory) the problem is about. */
    public Path path() {
        return path;
    }

    /** What is wrong, without the path. */
    public String problem() {
        return problem;
    }
}
