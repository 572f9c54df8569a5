package dev.rollgate.target;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The instances of an application in one environment (and region). Every method is idempotent: asking twice
 * for the same thing is the same as asking once, which is what lets a rollout resume after a crash by simply
 * repeating its last action.
 */
public interface Workload {

    /**
     * Runs exactly {@code replicas} instances of {@code version}: starts or stops instances as needed; 0 stops
     * them all. Returns once the instances are started; readiness is checked separately through
     * {@link #instances}.
     */
    void scale(String version, int replicas) throws TargetException;

    /** Base URIs of the running instances of {@code version} (for health checks and version checks). */
    List<URI> instances(String version) throws TargetException;

    /** Versions that have instances, with how many. */
    Map<String, Integer> running() throws TargetException;
}
