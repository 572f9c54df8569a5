package dev.rollgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Offset.offset;

import dev.rollgate.analysis.MannWhitney.Tail;
import dev.rollgate.analysis.MannWhitneyResult.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.stream.IntStream;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class MannWhitneyTest {

    // Hollander & Wolfe (1973), p. 69, as used in the example of R's wilcox.test:
    // wilcox.test(x, y, alternative = "g") gives W = 35, p-value = 0.1272 (exact).
    // Re-derived with Python by enumerating all C(15,5) = 3003 assignments: P(U ≥ 35) = 382/3003,
    // P(U ≤ 35) = 2693/3003.
    private static final double[] HW_X = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
    private static final double[] HW_Y = {1.15, 0.88, 0.90, 0.74, 1.21};

    @Test
    void textbookExampleMatchesPublishedExactPValue() {
        MannWhitneyResult r = MannWhitney.test(HW_Y, HW_X, Tail.GREATER);

        assertThat(r.method()).isEqualTo(Method.EXACT);
        assertThat(r.z()).isEmpty();
        assertThat(r.canaryU()).isEqualTo(35.0);
        assertThat(r.baselineU()).isEqualTo(15.0);
        assertThat(r.pValue()).isCloseTo(382.0 / 3003, within(1e-12));
        assertThat(MannWhitney.test(HW_Y, HW_X, Tail.LESS).pValue()).isCloseTo(2693.0 / 3003, within(1e-12));
        assertThat(MannWhitney.test(HW_Y, HW_X, Tail.TWO_SIDED).pValue()).isCloseTo(764.0 / 3003, within(1e-12));
    }

    @Test
    void exactPValueMatchesEnumerationOfEveryRankAssignment() {
        Random random = new Random(7);
        for (int[] sizes : new int[][] {{1, 1}, {1, 6}, {6, 5}, {4, 8}, {7, 7}}) {
            double[] b = distinct(random, sizes[0]);
            double[] c = distinct(random, sizes[1]);
            double[] pooled = concat(b, c);
            int n = pooled.length;
            double observed = pairwiseU(b, c);
            long total = 0;
            long atLeast = 0;
            long atMost = 0;
            // Every way of choosing which pooled values are the canary is equally likely under H0.
            for (int mask = 0; mask < 1 << n; mask++) {
                if (Integer.bitCount(mask) != c.length) {
                    continue;
                }
                double[] cc = new double[c.length];
                double[] bb = new double[b.length];
                int ci = 0;
                int bi = 0;
                for (int k = 0; k < n; k++) {
                    if ((mask & 1 << k) != 0) {
                        cc[ci++] = pooled[k];
                    } else {
                        bb[bi++] = pooled[k];
                    }
                }
                double u = pairwiseU(bb, cc);
                total++;
                atLeast += u >= observed ? 1 : 0;
                atMost += u <= observed ? 1 : 0;
            }
            double upper = (double) atLeast / total;
            double lower = (double) atMost / total;

            assertThat(MannWhitney.test(b, c, Tail.GREATER).pValue()).isCloseTo(upper, within(1e-12));
            assertThat(MannWhitney.test(b, c, Tail.LESS).pValue()).isCloseTo(lower, within(1e-12));
            assertThat(MannWhitney.test(b, c, Tail.TWO_SIDED).pValue())
                    .isCloseTo(Math.min(1, 2 * Math.min(upper, lower)), within(1e-12));
        }
    }

    @Test
    void noOverlapGivesTinyPValueForGreaterAndOneForLess() {
        double[] baseline = {1, 2, 3, 4, 5};
        double[] canary = {6, 7, 8, 9, 10};

        MannWhitneyResult greater = MannWhitney.test(baseline, canary, Tail.GREATER);

        // Only 1 of the C(10,5) = 252 equally likely splits puts all canary values on top.
        assertThat(greater.pValue()).isCloseTo(1.0 / 252, within(1e-15));
        assertThat(greater.canaryU()).isEqualTo(25.0);
        assertThat(greater.probabilityOfSuperiority()).isEqualTo(1.0);
        assertThat(greater.rankBiserial()).isEqualTo(1.0);
        assertThat(greater.hodgesLehmannShift()).isEqualTo(5.0); // differences 1..9, median 5
        assertThat(MannWhitney.test(baseline, canary, Tail.LESS).pValue()).isEqualTo(1.0);
        assertThat(MannWhitney.test(baseline, canary, Tail.TWO_SIDED).pValue()).isCloseTo(2.0 / 252, within(1e-15));
    }

    @Test
    void exactDistributionStaysAccurateFarInTheTailAtTheSizeLimit() {
        double[] baseline = IntStream.range(0, 49).asDoubleStream().toArray();
        double[] canary = IntStream.range(100, 149).asDoubleStream().toArray();
        double expected = BigDecimal.ONE.divide(new BigDecimal(binomial(98, 49)), MathContext.DECIMAL64).doubleValue();

        MannWhitneyResult r = MannWhitney.test(baseline, canary, Tail.GREATER);

        assertThat(r.method()).isEqualTo(Method.EXACT);
        assertThat(r.pValue()).isCloseTo(expected, Percentage.withPercentage(1e-9)); // ≈ 3.925e-29
    }

    @Test
    void switchesToNormalApproximationForLargeSamplesOrTies() {
        Random random = new Random(11);
        assertThat(MannWhitney.test(distinct(random, 49), distinct(random, 49), Tail.GREATER).method())
                .isEqualTo(Method.EXACT);
        assertThat(MannWhitney.test(distinct(random, 50), distinct(random, 3), Tail.GREATER).method())
                .isEqualTo(Method.NORMAL_APPROXIMATION);
        assertThat(MannWhitney.test(new double[] {1, 2, 3}, new double[] {3, 4, 5}, Tail.GREATER).method())
                .isEqualTo(Method.NORMAL_APPROXIMATION);
    }

    @Test
    void normalApproximationMatchesIndependentComputation() {
        // baseline 0..59, canary 10.5..69.5: no ties, n = 120 → normal approximation.
        // Python (standard library only): U by counting pairs = 2375, σ² = 60·60·121/12 = 36300,
        // z = (U − 1800 ∓ 0.5)/σ, p from statistics.NormalDist().cdf.
        double[] baseline = IntStream.range(0, 60).asDoubleStream().toArray();
        double[] canary = IntStream.range(0, 60).mapToDouble(i -> i + 10.5).toArray();

        MannWhitneyResult greater = MannWhitney.test(baseline, canary, Tail.GREATER);
        MannWhitneyResult less = MannWhitney.test(baseline, canary, Tail.LESS);
        MannWhitneyResult twoSided = MannWhitney.test(baseline, canary, Tail.TWO_SIDED);

        assertThat(greater.method()).isEqualTo(Method.NORMAL_APPROXIMATION);
        assertThat(greater.canaryU()).isEqualTo(2375.0);
        assertThat(greater.z().getAsDouble()).isCloseTo(3.015342996813091, within(1e-12));
        assertThat(greater.pValue()).isCloseTo(0.001283443971762166, Percentage.withPercentage(1e-4));
        assertThat(less.z().getAsDouble()).isCloseTo(3.020591635623906, within(1e-12));
        assertThat(less.pValue()).isCloseTo(0.9987385932177945, within(1e-7));
        assertThat(twoSided.pValue()).isCloseTo(0.002566887943524221, Percentage.withPercentage(1e-4));
    }

    @Test
    void tiesUseMidranksAndTieCorrectedVariance() {
        // Tie groups of sizes 1,2,5,3,3,1,2. Python (standard library only), with σ² taken as the exact
        // permutation variance of the canary's midrank sum (no tie formula): U = 61, σ² = 104.0294117647…,
        // p from statistics.NormalDist().cdf.
        double[] baseline = {1, 2, 2, 3, 3, 3, 4, 5};
        double[] canary = {3, 3, 4, 4, 5, 5, 6, 7, 7};

        MannWhitneyResult greater = MannWhitney.test(baseline, canary, Tail.GREATER);

        assertThat(greater.method()).isEqualTo(Method.NORMAL_APPROXIMATION);
        assertThat(greater.canaryU()).isEqualTo(61.0).isEqualTo(pairwiseU(baseline, canary));
        assertThat(greater.z().getAsDouble()).isCloseTo(2.402083018393564, within(1e-12));
        assertThat(greater.pValue()).isCloseTo(0.00815100414853509, Percentage.withPercentage(1e-4));
        assertThat(MannWhitney.test(baseline, canary, Tail.LESS).pValue())
                .isCloseTo(0.9937925643265539, within(1e-7));
        assertThat(MannWhitney.test(baseline, canary, Tail.TWO_SIDED).pValue())
                .isCloseTo(0.01630200829707018, Percentage.withPercentage(1e-4));

        // The variance implied by z equals the brute-force variance of the canary midrank sum over all
        // C(17,9) = 24310 equally likely assignments.
        double sigma = (61.0 - 36 - 0.5) / greater.z().getAsDouble();
        assertThat(sigma * sigma).isCloseTo(permutationVarianceOfRankSum(baseline, canary), within(1e-9));
    }

    @Test
    void identicalValuesGiveNoEvidence() {
        double[] sevens = {7, 7, 7};
        for (Tail tail : Tail.values()) {
            MannWhitneyResult r = MannWhitney.test(sevens, new double[] {7, 7, 7, 7}, tail);

            assertThat(r.pValue()).isEqualTo(1.0);
            assertThat(r.z()).hasValue(0.0);
            assertThat(r.probabilityOfSuperiority()).isEqualTo(0.5);
            assertThat(r.rankBiserial()).isEqualTo(0.0);
            assertThat(r.hodgesLehmannShift()).isEqualTo(0.0);
            assertThat(MannWhitney.test(new double[] {-0.0}, new double[] {0.0}, tail).pValue()).isEqualTo(1.0);
        }
    }

    @Test
    void swappingSamplesFlipsTheTail() {
        Random random = new Random(3);
        double[][][] cases = {
            {HW_Y, HW_X},
            {{1, 2, 2, 3, 3, 3, 4, 5}, {3, 3, 4, 4, 5, 5, 6, 7, 7}},
            {rounded(random, 80, 0), rounded(random, 70, 0.4)},
        };
        for (double[][] pair : cases) {
            MannWhitneyResult forward = MannWhitney.test(pair[0], pair[1], Tail.GREATER);
            MannWhitneyResult swapped = MannWhitney.test(pair[1], pair[0], Tail.LESS);

            assertThat(swapped.pValue()).isCloseTo(forward.pValue(), within(1e-12));
            assertThat(swapped.canaryU()).isEqualTo(forward.baselineU());
            assertThat(swapped.rankBiserial()).isCloseTo(-forward.rankBiserial(), within(1e-12));
            assertThat(swapped.hodgesLehmannShift()).isEqualTo(-forward.hodgesLehmannShift());
            assertThat(MannWhitney.test(pair[1], pair[0], Tail.TWO_SIDED).pValue())
                    .isCloseTo(MannWhitney.test(pair[0], pair[1], Tail.TWO_SIDED).pValue(), within(1e-12));
        }
    }

    @Test
    void effectSizesOnHandCheckedExample() {
        // Pairs canary > baseline: 20>10, 30>10, 30>20, 40>10, 40>20, 40>30 = 6, ties 20=20, 30=30 = 2,
        // so U = 6 + 2/2 = 7 of 9. Differences sorted: -10 0 0 10 10 10 20 20 30, median 10.
        MannWhitneyResult r = MannWhitney.test(new double[] {10, 20, 30}, new double[] {20, 30, 40}, Tail.GREATER);

        assertThat(r.canaryU()).isEqualTo(7.0);
        assertThat(r.probabilityOfSuperiority()).isCloseTo(7.0 / 9, within(1e-15));
        assertThat(r.rankBiserial()).isCloseTo(5.0 / 9, within(1e-15));
        assertThat(r.hodgesLehmannShift()).isEqualTo(10.0);
    }

    @Test
    void knownShiftIsRecoveredByHodgesLehmann() {
        Random random = new Random(5);
        double[] baseline = random.ints(200, 80, 400).asDoubleStream().toArray(); // latencies in whole ms
        double[] canary = Arrays.stream(baseline).map(v -> v + 10).toArray();

        MannWhitneyResult r = MannWhitney.test(baseline, canary, Tail.GREATER);

        assertThat(r.hodgesLehmannShift()).isEqualTo(10.0);
        assertThat(r.canaryU()).isEqualTo(pairwiseU(baseline, canary));
        assertThat(r.probabilityOfSuperiority()).isCloseTo(pairwiseU(baseline, canary) / (200.0 * 200), within(1e-15));
    }

    @Test
    void uAndHodgesLehmannMatchBruteForceOverAllPairs() {
        Random random = new Random(13);
        for (int[] sizes : new int[][] {{1, 1}, {3, 4}, {5, 5}, {37, 40}, {301, 300}, {3, 1000}, {1000, 2}}) {
            double[] b = rounded(random, sizes[0], 0);
            double[] c = rounded(random, sizes[1], 0.3);

            MannWhitneyResult r = MannWhitney.test(b, c, Tail.TWO_SIDED);

            assertThat(r.canaryU()).isEqualTo(pairwiseU(b, c));
            assertThat(r.baselineU()).isEqualTo(pairwiseU(c, b));
            assertThat(r.hodgesLehmannShift()).isEqualTo(sortedMedianOfDifferences(b, c));
        }
    }

    @Test
    void effectFloorKeepsTinyShiftsOnHugeSamplesFromCounting() {
        double[] baseline = IntStream.range(0, 3000).asDoubleStream().toArray();
        double[] canary = IntStream.range(0, 3000).mapToDouble(i -> i + 75.5).toArray();

        MannWhitneyResult r = MannWhitney.test(baseline, canary, Tail.GREATER);

        assertThat(r.pValue()).isLessThan(0.001);
        assertThat(r.rankBiserial())
                .isCloseTo(2 * pairwiseU(baseline, canary) / (3000.0 * 3000) - 1, within(1e-12))
                .isBetween(0.04, 0.06);
        assertThat(r.hodgesLehmannShift()).isEqualTo(75.5);
        assertThat(r.significant(0.01, 0.0)).isTrue();
        assertThat(r.significant(0.01, 0.1)).isFalse();
        assertThat(MannWhitney.test(baseline, canary, Tail.LESS).significant(0.01, 0.0)).isFalse();
        assertThat(MannWhitney.test(canary, baseline, Tail.LESS).significant(0.01, 0.04)).isTrue();
    }

    @Test
    void rejectsBadInputNamingTheSample() {
        assertThatThrownBy(() -> MannWhitney.test(new double[0], new double[] {1}, Tail.GREATER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baseline sample is empty; it needs at least one value");
        assertThatThrownBy(() -> MannWhitney.test(new double[] {1}, new double[] {1, 2, Double.NaN}, Tail.GREATER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("canary sample has a non-finite value NaN at index 2");
        assertThatThrownBy(() -> MannWhitney.test(new double[] {Double.NEGATIVE_INFINITY}, new double[] {1}, Tail.LESS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baseline sample has a non-finite value -Infinity at index 0");
        assertThatThrownBy(() -> MannWhitney.test(new double[] {1}, null, Tail.LESS))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("canary");
        assertThatThrownBy(() -> MannWhitney.test(new double[] {1}, new double[] {2}, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("tail");

        MannWhitneyResult r = MannWhitney.test(HW_Y, HW_X, Tail.GREATER);
        assertThatThrownBy(() -> r.significant(0, 0.1))
                .hasMessage("alpha must be in (0, 1), was 0.0");
        assertThatThrownBy(() -> r.significant(0.05, 1.5))
                .hasMessage("minEffect is a rank-biserial magnitude in [0, 1], was 1.5");
    }

    @Test
    void resultRejectsInconsistentNumbers() {
        assertThatThrownBy(() -> new MannWhitneyResult(2, 2, 1, 2, Tail.GREATER, Method.EXACT,
                OptionalDouble.empty(), 0.5, 0))
                .hasMessage("U values 1.0 and 2.0 must be non-negative and add up to 2·2");
        assertThatThrownBy(() -> new MannWhitneyResult(2, 2, 2, 2, Tail.GREATER, Method.EXACT,
                OptionalDouble.of(1.0), 0.5, 0))
                .hasMessage("a z score comes with the normal approximation and only with it");
        assertThatThrownBy(() -> new MannWhitneyResult(2, 2, 2, 2, Tail.GREATER, Method.NORMAL_APPROXIMATION,
                OptionalDouble.of(1.0), Double.NaN, 0))
                .hasMessage("p-value must be in [0, 1], was NaN");
    }

    @Test
    void erfcHasTheDocumentedRelativeAccuracy() {
        // Reference values from Python's math.erfc (correctly rounded to double precision in CPython).
        double[][] reference = {
            {0, 1.0},
            {0.5, 0.4795001221869535},
            {1, 0.15729920705028513},
            {2, 0.004677734981047265},
            {3.5, 7.430983723414128e-07},
            {5, 1.5374597944280351e-12},
            {8, 1.1224297172982928e-29},
            {-1.5, 1.9661051464753108},
        };
        for (double[] row : reference) {
            assertThat(StandardNormal.erfc(row[0])).isCloseTo(row[1], offset(1.2e-7 * row[1]));
        }
        assertThat(StandardNormal.cdf(0)).isLessThanOrEqualTo(1.0).isCloseTo(0.5, within(1e-7));
        assertThat(StandardNormal.cdf(40)).isEqualTo(1.0);
    }

    // --- independent brute-force references -------------------------------------------------------------

    /** U of {@code c} by counting every pair: wins count 1, ties ½. */
    private static double pairwiseU(double[] b, double[] c) {
        double u = 0;
        for (double x : c) {
            for (double y : b) {
                u += x > y ? 1 : x == y ? 0.5 : 0;
            }
        }
        return u;
    }

    private static double sortedMedianOfDifferences(double[] b, double[] c) {
        double[] d = new double[b.length * c.length];
        int k = 0;
        for (double x : c) {
            for (double y : b) {
                d[k++] = x - y;
            }
        }
        Arrays.sort(d);
        int m = d.length / 2;
        return d.length % 2 == 1 ? d[m] : d[m - 1] + (d[m] - d[m - 1]) / 2;
    }

    /** Variance of the canary's midrank sum over every equally likely choice of canary positions. */
    private static double permutationVarianceOfRankSum(double[] b, double[] c) {
        double[] pooled = concat(b, c);
        int n = pooled.length;
        double[] midrank = new double[n];
        for (int i = 0; i < n; i++) {
            int less = 0;
            int equal = 0;
            for (double v : pooled) {
                less += v < pooled[i] ? 1 : 0;
                equal += v == pooled[i] ? 1 : 0;
            }
            midrank[i] = less + (equal + 1) / 2.0;
        }
        double sum = 0;
        double sumOfSquares = 0;
        long count = 0;
        for (int mask = 0; mask < 1 << n; mask++) {
            if (Integer.bitCount(mask) == c.length) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += (mask & 1 << k) != 0 ? midrank[k] : 0;
                }
                sum += s;
                sumOfSquares += s * s;
                count++;
            }
        }
        double mean = sum / count;
        return sumOfSquares / count - mean * mean;
    }

    private static BigInteger binomial(int n, int k) {
        BigInteger r = BigInteger.ONE;
        for (int i = 1; i <= k; i++) {
            r = r.multiply(BigInteger.valueOf(n - k + i)).divide(BigInteger.valueOf(i));
        }
        return r;
    }

    private static double[] distinct(Random random, int n) {
        return random.doubles(n).map(v -> v * 1000).toArray(); // ties have probability ~0
    }

    /** Values on a coarse grid, so ties are common. */
    private static double[] rounded(Random random, int n, double shift) {
        return random.doubles(n).map(v -> Math.round((v + shift) * 20) / 2.0).toArray();
    }

    private static double[] concat(double[] a, double[] b) {
        double[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
