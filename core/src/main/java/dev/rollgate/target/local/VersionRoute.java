package dev.rollgate.target.local;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** One version as the hot path sees it: its replicas (round-robin), its counters and its response header. */
final class VersionRoute {

    private final String version;
    private final InetSocketAddress[] backends;
    private final VersionMetrics metrics;
    private final byte[] versionHeader;
    private final AtomicInteger nextReplica = new AtomicInteger();

    VersionRoute(String version, List<InetSocketAddress> backends, VersionMetrics metrics) {
        this.version = version;
        this.backends = backends.toArray(new InetSocketAddress[0]);
        this.metrics = metrics;
        // Pre-encoded: the header goes into every response.
        this.versionHeader = ("X-Rollgate-Version: " + version + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    String version() {
        return version;
    }

    VersionMetrics metrics() {
        return metrics;
    }

    byte[] versionHeader() {
        return versionHeader;
    }

    /** The replica for the next request, or null if the version has none. */
    InetSocketAddress nextBackend() {
        InetSocketAddress[] b = backends;
        if (b.length == 0) {
            return null;
        }
        if (b.length == 1) {
            return b[0];
        }
        return b[Math.floorMod(nextReplica.getAndIncrement(), b.length)];
    }
}
