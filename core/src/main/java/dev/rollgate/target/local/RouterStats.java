package dev.rollgate.target.local;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A point-in-time copy of the router's counters.
 *
 * @param versions         per-version counters, in the order versions were first configured
 * @param rejectedRequests requests answered 400 before a version was chosen (malformed HTTP)
 */
public record RouterStats(Map<String, VersionStats> versions, long rejectedRequests) {

    public RouterStats {
        versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    }

    /** The counters of {@code version}; throws if the router has never known it. */
    public VersionStats version(String version) {
        VersionStats s = versions.get(version);
        if (s == null) {
            throw new NoSuchElementException("no stats for version '" + version + "'; known: " + versions.keySet());
        }
        return s;
    }
}
