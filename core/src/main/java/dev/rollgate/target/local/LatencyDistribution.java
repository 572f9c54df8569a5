package dev.rollgate.target.local;

import java.util.Arrays;

/**
 * An immutable copy of a version's latency histogram. Keep two and {@link #minus} them to get the percentiles of
 * just the requests in between, which is what an analysis interval needs (cumulative percentiles since start-up
 * would hide a canary that just got slow). Relative error: see {@link LatencyHistogram}.
 */
public final class LatencyDistribution {

    private final long[] counts;
    private final long total;

    LatencyDistribution(long[] counts) {
        this.counts = counts;
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        this.total = t;
    }

    /** The bucket counts (layout of {@link LatencyHistogram}), for sending a snapshot to another process. */
    long[] bucketCounts() {
        return counts.clone();
    }

    /** Number of recorded latencies. */
    public long count() {
        return total;
    }

    /**
     * The q-quantile in milliseconds (nearest rank), e.g. {@code percentileMillis(0.99)}; 0 if nothing was recorded.
     */
    public double percentileMillis(double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1], but was " + q);
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return LatencyHistogram.midpointMicros(i) / 1000.0;
            }
        }
        return LatencyHistogram.midpointMicros(counts.length - 1) / 1000.0;
    }

    /** The requests recorded in this snapshot but not in {@code earlier} (an earlier snapshot of the same version). */
    public LatencyDistribution minus(LatencyDistribution earlier) {
        long[] d = new long[counts.length];
        for (int i = 0; i < d.length; i++) {
            // Buckets are read one by one, so a concurrent request can make a bucket momentarily lag: clamp at 0.
            d[i] = Math.max(0, counts[i] - earlier.counts[i]);
        }
        return new LatencyDistribution(d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyDistribution other && Arrays.equals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "LatencyDistribution[count=" + total + ", p50=" + percentileMillis(0.5) + " ms, p99="
                + percentileMillis(0.99) + " ms]";
    }
}
