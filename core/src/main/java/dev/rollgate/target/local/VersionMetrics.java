package dev.rollgate.target.local;

import java.util.concurrent.atomic.LongAdder;

/** Live counters of one version, updated by every handler thread; striped so they never become a hot spot. */
final class VersionMetrics {

    private final String version;
    private final LongAdder requests = new LongAdder();
    /** Index 0..4 for status classes 1xx..5xx. */
    private final LongAdder[] byClass = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(),
        new LongAdder()};
    private final LongAdder upstreamErrors = new LongAdder();
    private final LatencyHistogram latency = new LatencyHistogram();

    VersionMetrics(String version) {
        this.version = version;
    }

    void countRequest() {
        requests.increment();
    }

    void countUpstreamError() {
        upstreamErrors.increment();
    }

    /** A response was fully sent (or given up on) {@code nanos} after its request was read. */
    void countResponse(int status, long nanos) {
        int cls = status / 100 - 1;
        if (cls >= 0 && cls < byClass.length) {
            byClass[cls].increment();
        }
        latency.record(nanos / 1000);
    }

    VersionStats snapshot() {
        return new VersionStats(version, requests.sum(), byClass[1].sum(), byClass[2].sum(), byClass[3].sum(),
                byClass[4].sum(), upstreamErrors.sum(), latency.snapshot());
    }
}
