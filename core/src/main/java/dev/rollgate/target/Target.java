package dev.rollgate.target;

import dev.rollgate.analysis.MetricProvider;
import java.util.Objects;

/**
 * One place a service runs (an environment, or a region of it): its instances, its traffic, and what can be
 * measured there.
 */
public record Target(String region, Workload workload, TrafficRouter router, MetricProvider metrics) {

    public Target {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(metrics, "metrics");
    }
}
