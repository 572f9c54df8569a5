package dev.rollgate.target.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void everyValueIsReportedWithin6_25PercentRelativeError() {
        for (long v = 8; v < (1L << 40); v = v * 3 / 2 + 1) {
            double reported = LatencyHistogram.midpointMicros(LatencyHistogram.bucketOf(v));
            assertThat(Math.abs(reported - v) / v).as("value %d µs", v).isLessThanOrEqualTo(1.0 / 16);
        }
        for (long v = 0; v < 8; v++) {
            assertThat(LatencyHistogram.midpointMicros(LatencyHistogram.bucketOf(v))).isEqualTo(v);
        }
    }

    @Test
    void bucketsAreMonotonicAndBounded() {
        int previous = -1;
        for (long v = 0; v < 100_000; v++) {
            int b = LatencyHistogram.bucketOf(v);
            assertThat(b).isGreaterThanOrEqualTo(previous);
            previous = b;
        }
        assertThat(LatencyHistogram.bucketOf(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
        assertThat(LatencyHistogram.bucketOf(-5)).isZero();
    }

    @Test
    void percentilesMatchExactOnesWithinTheBound() {
        Random random = new Random(42);
        long[] values = new long[20_000];
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            values[i] = 100 + (long) (Math.exp(random.nextGaussian()) * 2000); // log-normal around 2 ms
            h.record(values[i]);
        }
        Arrays.sort(values);
        LatencyDistribution d = h.snapshot();
        assertThat(d.count()).isEqualTo(values.length);
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            double exactMs = values[(int) Math.ceil(q * values.length) - 1] / 1000.0;
            assertThat(d.percentileMillis(q)).as("q=%s", q).isCloseTo(exactMs, within(exactMs / 16));
        }
    }

    @Test
    void differenceOfSnapshotsCoversOnlyTheInterval() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 1000; i++) {
            h.record(1_000); // 1 ms
        }
        LatencyDistribution before = h.snapshot();
        for (int i = 0; i < 100; i++) {
            h.record(50_000); // 50 ms
        }
        LatencyDistribution interval = h.snapshot().minus(before);
        assertThat(interval.count()).isEqualTo(100);
        assertThat(interval.percentileMillis(0.5)).isCloseTo(50, within(50 / 16.0));
        assertThat(new LatencyHistogram().snapshot().percentileMillis(0.99)).isZero();
    }
}
