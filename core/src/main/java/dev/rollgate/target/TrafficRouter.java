package dev.rollgate.target;

import java.net.URI;

/** Sends user traffic to versions by weight. {@link #route} is idempotent. */
public interface TrafficRouter {

    void route(TrafficSplit split) throws TargetException;

    /** The split now in force, as the router itself reports it (not as last requested). */
    TrafficSplit current() throws TargetException;

    /** Where users reach the service through this router, for smoke checks and the version check. */
    URI address();
}
