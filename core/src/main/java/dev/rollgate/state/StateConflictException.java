package dev.rollgate.state;

import java.util.Objects;
import java.util.Optional;

/**
 * A compare-and-set lost: the store holds a different revision than the writer expected (another
 * writer got there first). The caller re-reads and decides again; retrying blindly would undo the
 * other writer's step.
 */
public final class StateConflictException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Optional<Revision> expected;
    private final transient Optional<Revision> found;

    /**
     * @param document what was written, for the message (for example a file or {@code checkout/prod})
     * @param expected the revision the writer named; empty when it meant to create the document
     * @param found    the revision in the store; empty when there is no document
     */
    public StateConflictException(String document, Optional<Revision> expected, Optional<Revision> found) {
        super(Objects.requireNonNull(document, "document") + ": expected " + describe(expected)
                + " but found " + describe(found));
        this.expected = expected;
        this.found = found;
    }

    private static String describe(Optional<Revision> revision) {
        return revision.map(Revision::toString).orElse("no document");
    }

    /** The revision the writer named; empty when it meant to create the document. */
    public Optional<Revision> expected() {
        return expected;
    }

    /** The revision actually stored; empty when there is no document. */
    public Optional<Revision> found() {
        return found;
    }
}
