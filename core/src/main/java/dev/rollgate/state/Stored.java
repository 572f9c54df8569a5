package dev.rollgate.state;

import java.util.Objects;

/** A value as read from a {@link StateStore}, with the revision a replacement must name. */
public record Stored<T>(T value, Revision revision) {

    public Stored {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(revision, "revision");
    }
}
