package dev.rollgate.analysis;

import dev.rollgate.model.WireNamed;

/** The metrics a rollout is judged by, named as the runbooks name them, each with its unit. */
public enum Metric implements WireNamed {
    /** Share of requests answered 5xx or not at all, in percent. */
    ERROR_RATE("error_rate", "%"),
    LATENCY_P50("latency_p50", "ms"),
    LATENCY_P95("latency_p95", "ms"),
    LATENCY_P99("latency_p99", "ms"),
    /** Requests per second. */
    REQUEST_RATE("request_rate", "req/s"),
    /** Share of requests answered without a 5xx or a transport error, in percent. */
    AVAILABILITY("availability", "%");

    private final String wireName;
    private final String unit;

    Metric(String wireName, String unit) {
        this.wireName = wireName;
        this.unit = unit;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public String unit() {
        return unit;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
