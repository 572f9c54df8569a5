package dev.rollgate.state;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A state file exists but cannot be understood. Stores never treat this as "no state": resetting
 * would forget a rollout in flight. The message names the file first.
 */
public final class CorruptStateException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;

    public CorruptStateException(Path path, String problem, Throwable cause) {
        super(Objects.requireNonNull(path, "path") + ": " + Objects.requireNonNull(problem, "problem"), cause);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
