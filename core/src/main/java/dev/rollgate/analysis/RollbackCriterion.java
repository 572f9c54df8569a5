package dev.rollgate.analysis;

import dev.rollgate.config.Doc;
import dev.rollgate.config.Durations;
import dev.rollgate.config.InvalidFieldException;
import dev.rollgate.model.WireNamed;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A condition on the canary's value that acts at once, whatever the metrics' limits say: when {@code metric}
 * is above {@code max} (or below {@code min}) for {@code consecutive} checks in a row, or in every check over
 * at least {@code sustainedFor}, the run fails with this criterion's {@code severity}.
 *
 * <p>A check is a measurement of the metric that has a canary value; measurements without data or with a
 * provider error neither count nor break a streak. Defaults: {@code consecutive} 1 (when {@code sustainedFor}
 * is absent), severity {@code automatic}.
 *
 * <p>{@code when} is a shorthand read at load time into the same fields: {@code "error_rate > 5 for 60s"},
 * {@code "latency_p99 > 2000 for 3 consecutive checks"}, {@code "availability < 99.5%"}. ({@code for} cannot be
 * a field name in Java, so the spelled-out form is {@code sustainedFor}.)
 */
@Doc("A condition that rolls back (or pauses for a person) at once: a metric above max or below min for N "
        + "consecutive checks or for a duration.")
public record RollbackCriterion(
        @Doc("The metric the condition is on. Required unless `when` names it.") Optional<Metric> metric,
        @Doc("Breached when the canary's value is above this (in the metric's unit). Give max or min.")
        Optional<Double> max,
        @Doc("Breached when the canary's value is below this (in the metric's unit). Give max or min.")
        Optional<Double> min,
        @Doc("Act when this many checks in a row breach. Default 1 when sustainedFor is absent.")
        Optional<Integer> consecutive,
        @Doc("Act when every check over at least this long breaches: the first breaching check at t0 and one still "
                + "breaching at t0 + sustainedFor or later. Written `for` in the `when` shorthand.")
        Optional<Duration> sustainedFor,
        @Doc("automatic (default): roll back now. manual: pause the rollout and ask a person.")
        Optional<Severity> severity,
        @Doc("Shorthand for metric, max/min and consecutive/sustainedFor, e.g. \"error_rate > 5 for 60s\" or "
                + "\"latency_p99 > 2000 for 3 consecutive checks\".") Optional<String> when) {

    private static final Pattern WHEN = Pattern.compile(
            "\\s*([A-Za-z0-9_]+)\\s*([<>])\\s*([-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+))\\s*(%|ms|req/s)?"
                    + "(?:\\s+for\\s+(?:([0-9]+)\\s+(?:consecutive\\s+)?checks?|([0-9dhms]+)))?\\s*");
    private static final String WHEN_EXAMPLES =
            "write e.g. \"error_rate > 5 for 60s\", \"latency_p99 > 2000 for 3 consecutive checks\" or "
                    + "\"availability < 99.5\"";

    public RollbackCriterion {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(consecutive, "consecutive");
        Objects.requireNonNull(sustainedFor, "sustainedFor");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(when, "when");
        if (when.isPresent()) {
            // Parsed once here, so a bad text fails at load time naming `when`. Fields given beside it must agree:
            // that is also how a stored criterion (which carries both) reads back.
            Parsed p = parse(when.get());
            metric = agree("metric", metric, Optional.of(p.metric()));
            max = agree("max", max, p.max());
            min = agree("min", min, p.min());
            consecutive = agree("consecutive", consecutive, p.consecutive());
            sustainedFor = agree("sustainedFor", sustainedFor, p.sustainedFor());
        }
        if (metric.isEmpty()) {
            throw new InvalidFieldException("metric", "name the metric, or write the condition as `when`: "
                    + WHEN_EXAMPLES);
        }
        if (max.isPresent() == min.isPresent()) {
            throw max.isPresent()
                    ? new InvalidFieldException("min", "give max or min, not both; write two criteria for a band")
                    : new InvalidFieldException("max", "give max (breached above it) or min (breached below it)");
        }
        if (consecutive.isPresent() && sustainedFor.isPresent()) {
            throw new InvalidFieldException("sustainedFor", "give consecutive or sustainedFor, not both");
        }
        if (consecutive.isPresent() && consecutive.get() < 1) {
            throw new InvalidFieldException("consecutive", "consecutive counts checks and must be at least 1, was "
                    + consecutive.get());
        }
        if (sustainedFor.isPresent() && (sustainedFor.get().isNegative() || sustainedFor.get().isZero())) {
            throw new InvalidFieldException("sustainedFor", "sustainedFor must be longer than 0s");
        }
    }

    /** Above {@code max} for {@code consecutive} checks in a row. */
    public static RollbackCriterion above(Metric metric, double max, int consecutive, Severity severity) {
        return new RollbackCriterion(Optional.of(metric), Optional.of(max), Optional.empty(),
                Optional.of(consecutive), Optional.empty(), Optional.of(severity), Optional.empty());
    }

    /** Below {@code min} for {@code consecutive} checks in a row. */
    public static RollbackCriterion below(Metric metric, double min, int consecutive, Severity severity) {
        return new RollbackCriterion(Optional.of(metric), Optional.empty(), Optional.of(min),
                Optional.of(consecutive), Optional.empty(), Optional.of(severity), Optional.empty());
    }

    /** Above {@code max} in every check over at least {@code duration}. */
    public static RollbackCriterion aboveFor(Metric metric, double max, Duration duration, Severity severity) {
        return new RollbackCriterion(Optional.of(metric), Optional.of(max), Optional.empty(), Optional.empty(),
                Optional.of(duration), Optional.of(severity), Optional.empty());
    }

    /** From the shorthand, e.g. {@code "error_rate > 5 for 60s"}; throws {@link InvalidFieldException} on bad text. */
    public static RollbackCriterion when(String text, Severity severity) {
        return new RollbackCriterion(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(severity), Optional.of(text));
    }

    /** The metric (always present once constructed). */
    public Metric metricName() {
        return metric.orElseThrow();
    }

    public Severity severityOrDefault() {
        return severity.orElse(Severity.AUTOMATIC);
    }

    /** Checks in a row needed, when the criterion counts checks rather than time. */
    int checksNeeded() {
        return consecutive.orElse(1);
    }

    /** Whether the canary's value breaches the condition. */
    boolean breachedBy(double value) {
        return max.isPresent() ? value > max.get() : value < min.get();
    }

    /** The condition as a release manager reads it: {@code error_rate > 1% for 2 consecutive checks}. */
    public String describe() {
        Metric m = metricName();
        String condition = m + (max.isPresent() ? " > " + Quantities.threshold(m, max.get())
                : " < " + Quantities.threshold(m, min.get()));
        return condition + span();
    }

    /** {@code for 2 consecutive checks}, {@code for 5m}, or nothing for a single check. */
    String span() {
        if (sustainedFor.isPresent()) {
            return " for " + Durations.format(sustainedFor.get());
        }
        int n = checksNeeded();
        return n == 1 ? "" : " for " + n + " consecutive checks";
    }

    private record Parsed(Metric metric, Optional<Double> max, Optional<Double> min, Optional<Integer> consecutive,
                          Optional<Duration> sustainedFor) {
    }

    private static Parsed parse(String text) {
        Matcher m = WHEN.matcher(text);
        if (!m.matches()) {
            throw new InvalidFieldException("when", "cannot read \"" + text + "\"; " + WHEN_EXAMPLES);
        }
        Metric metric = WireNamed.find(Metric.class, m.group(1)).orElseThrow(() -> new InvalidFieldException("when",
                "\"" + m.group(1) + "\" is not a metric; use one of " + String.join(", ",
                        Arrays.stream(Metric.values()).map(Metric::wireName).toList())));
        if (m.group(4) != null && !m.group(4).equals(metric.unit())) {
            throw new InvalidFieldException("when", metric + " is measured in " + metric.unit() + ", not "
                    + m.group(4));
        }
        double value = Double.parseDouble(m.group(3));
        Optional<Integer> consecutive = Optional.empty();
        Optional<Duration> sustained = Optional.empty();
        if (m.group(5) != null) {
            try {
                consecutive = Optional.of(Integer.valueOf(m.group(5)));
            } catch (NumberFormatException e) {
                throw new InvalidFieldException("when", "\"" + m.group(5) + "\" checks is too many");
            }
        } else if (m.group(6) != null) {
            try {
                sustained = Optional.of(Durations.parse(m.group(6)));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("when", "in \"" + text + "\": " + e.getMessage());
            }
        }
        boolean above = m.group(2).equals(">");
        return new Parsed(metric, above ? Optional.of(value) : Optional.empty(),
                above ? Optional.empty() : Optional.of(value), consecutive, sustained);
    }

    private static <T> Optional<T> agree(String field, Optional<T> given, Optional<T> parsed) {
        if (given.isPresent() && !given.equals(parsed)) {
            throw new InvalidFieldException("when", "`when` and `" + field + "` disagree (" + field + ": "
                    + given.get() + "); give the condition one way only");
        }
        return parsed;
    }
}
