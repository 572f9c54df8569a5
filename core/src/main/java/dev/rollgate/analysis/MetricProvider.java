package dev.rollgate.analysis;

/**
 * Where measurements come from (the local router's counters, Prometheus, CloudWatch). A provider measures; it
 * never judges. A provider that cannot reach its source returns {@link MetricSample#failed}, which analysis
 * counts as an error (see {@code consecutiveErrorLimit}) rather than a failure of the canary.
 */
public interface MetricProvider {

    MetricSample measure(MetricQuery query);
}
