package dev.rollgate.target.local;

import java.util.concurrent.atomic.LongAdder;

/**
 * Concurrent latency histogram with fixed log-linear buckets over microseconds (the HdrHistogram layout at 3
 * significant bits): values 0..7 µs have a bucket each; above, every power of two is split into 8 equal buckets.
 *
 * <p>A bucket's width is at most 1/8 of its lower bound, and a percentile is reported as the bucket's midpoint,
 * so the <b>relative error is at most 1/16 = 6.25 %</b> (absolute error below 1 µs under 8 µs). Values of
 * 2^40 µs (about 12.7 days) and more fall into the last bucket. Recording is two shifts and one
 * {@link LongAdder#increment()}: cheap and contention-free enough for every request.
 */
final class LatencyHistogram {

    static final int SUB_BITS = 3;
    private static final int SUB = 1 << SUB_BITS;
    private static final int MAX_EXPONENT = 40;
    static final int BUCKETS = (MAX_EXPONENT - SUB_BITS + 2) * SUB;

    private final LongAdder[] counts = new LongAdder[BUCKETS];

    LatencyHistogram() {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] = new LongAdder();
        }
    }

    void record(long micros) {
        counts[bucketOf(micros)].increment();
    }

    /** Current counts; each bucket is read atomically, the array as a whole is not (a request may land mid-copy). */
    LatencyDistribution snapshot() {
        long[] c = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            c[i] = counts[i].sum();
        }
        return new LatencyDistribution(c);
    }

    static int bucketOf(long micros) {
        if (micros < SUB) {
            return (int) Math.max(micros, 0);
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        if (exponent > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (micros >>> (exponent - SUB_BITS)) & (SUB - 1);
        return (exponent - SUB_BITS + 1) * SUB + sub;
    }

    /** The value reported for a bucket: its midpoint, in microseconds. */
    static double midpointMicros(int bucket) {
        if (bucket < SUB) {
            return bucket;
        }
        int exponent = bucket / SUB + SUB_BITS - 1;
        int sub = bucket % SUB;
        long width = 1L << (exponent - SUB_BITS);
        long lower = (long) (SUB + sub) << (exponent - SUB_BITS);
        return lower + width / 2.0;
    }
}
