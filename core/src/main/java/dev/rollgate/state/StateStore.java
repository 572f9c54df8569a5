package dev.rollgate.state;

import java.io.IOException;
import java.util.Optional;

/**
 * One document (the rollout status of one service in one environment) with compare-and-set
 * writes, so two drivers that both think they run the rollout cannot both advance it.
 *
 * <p>Revisions only grow; there is no delete, so a revision once seen never comes back with a
 * different value (a delete followed by a create would otherwise let a stale writer's revision 1
 * match a new document's revision 1).
 */
public interface StateStore<T> {

    /** The current document, or empty when none was ever created. */
    Optional<Stored<T>> read() throws IOException;

    /** Stores the first version, {@link Revision#FIRST}; fails if a document already exists. */
    Revision create(T value) throws IOException, StateConflictException;

    /** Replaces the document if it still has revision {@code expected}; returns the new revision. */
    Revision replace(Revision expected, T value) throws IOException, StateConflictException;
}
