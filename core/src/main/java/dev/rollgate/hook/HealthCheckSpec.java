package dev.rollgate.hook;

import dev.rollgate.config.Doc;
import dev.rollgate.config.InvalidFieldException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to tell that freshly started instances are ready: poll {@code path} on each until it answers
 * {@code expectStatus}. Absent fields take the runbook values in {@link #DEFAULT}: no initial delay, a 5 s timeout,
 * 5 s apart, 10 attempts, HTTP 200. There is one name for the attempt count, {@code failureThreshold} (as in
 * Kubernetes probes); "retries" is not accepted.
 */
@Doc("How to tell that new instances are ready: poll a path on each until it answers the expected status.")
public record HealthCheckSpec(
        @Doc("The path polled on each instance, starting with /. Default: /health.") Optional<String> path,
        @Doc("Wait this long after the instances start before the first attempt. Default: 0s.")
        Optional<Duration> initialDelay,
        @Doc("How long one attempt may take. Default: 5s.") Optional<Duration> timeout,
        @Doc("Time between attempts. Default: 5s.") Optional<Duration> interval,
        @Doc("Attempts in a row an instance may fail before it counts as unhealthy. Default: 10.")
        Optional<Integer> failureThreshold,
        @Doc("The status a healthy instance answers. Default: 200.") Optional<Integer> expectStatus) {

    public static final String DEFAULT_PATH = "/health";
    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ZERO;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    public static final int DEFAULT_FAILURE_THRESHOLD = 10;
    public static final int DEFAULT_STATUS = 200;

    /** The runbook: 10 attempts 5 s apart, 5 s timeout each, HTTP 200 from /health. */
    public static final HealthCheckSpec DEFAULT = new HealthCheckSpec(Optional.of(DEFAULT_PATH),
            Optional.of(DEFAULT_INITIAL_DELAY), Optional.of(DEFAULT_TIMEOUT), Optional.of(DEFAULT_INTERVAL),
            Optional.of(DEFAULT_FAILURE_THRESHOLD), Optional.of(DEFAULT_STATUS));

    public HealthCheckSpec {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(failureThreshold, "failureThreshold");
        Objects.requireNonNull(expectStatus, "expectStatus");
        if (path.isPresent() && !path.get().startsWith("/")) {
            throw new InvalidFieldException("path", "\"" + path.get() + "\" must start with /");
        }
        if (initialDelay.isPresent() && initialDelay.get().isNegative()) {
            throw new InvalidFieldException("initialDelay", "must not be negative");
        }
        if (timeout.isPresent() && (timeout.get().isZero() || timeout.get().isNegative())) {
            throw new InvalidFieldException("timeout", "must be longer than 0s");
        }
        if (interval.isPresent() && interval.get().isNegative()) {
            throw new InvalidFieldException("interval", "must not be negative");
        }
        if (failureThreshold.isPresent() && failureThreshold.get() < 1) {
            throw new InvalidFieldException("failureThreshold", "must be at least 1");
        }
        if (expectStatus.isPresent() && (expectStatus.get() < 100 || expectStatus.get() > 599)) {
            throw new InvalidFieldException("expectStatus", expectStatus.get() + " is not an HTTP status (100-599)");
        }
    }

    /** A spec with every value given, e.g. a short one for tests: {@code of("/health", 0s, 1s, 10ms, 3, 200)}. */
    public static HealthCheckSpec of(String path, Duration initialDelay, Duration timeout, Duration interval,
                                     int failureThreshold, int expectStatus) {
        return new HealthCheckSpec(Optional.of(path), Optional.of(initialDelay), Optional.of(timeout),
                Optional.of(interval), Optional.of(failureThreshold), Optional.of(expectStatus));
    }

    public String pathOrDefault() {
        return path.orElse(DEFAULT_PATH);
    }

    public Duration initialDelayOrDefault() {
        return initialDelay.orElse(DEFAULT_INITIAL_DELAY);
    }

    public Duration timeoutOrDefault() {
        return timeout.orElse(DEFAULT_TIMEOUT);
    }

    public Duration intervalOrDefault() {
        return interval.orElse(DEFAULT_INTERVAL);
    }

    public int failureThresholdOrDefault() {
        return failureThreshold.orElse(DEFAULT_FAILURE_THRESHOLD);
    }

    public int expectStatusOrDefault() {
        return expectStatus.orElse(DEFAULT_STATUS);
    }
}
