package dev.rollgate.hook;

import dev.rollgate.driver.Sleeper;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Waits for freshly started instances to answer their health check. After {@code initialDelay} it polls every
 * instance not yet healthy, all at once, every {@code interval}. An instance is healthy once it answers
 * {@code expectStatus}; the wait fails as soon as one instance has failed {@code failureThreshold} attempts in a
 * row. All waiting goes through the {@link Sleeper}, so an interruption stops it at once.
 */
public final class HealthChecker {

    private final Sleeper sleeper;
    private final HttpProbe probe;

    public HealthChecker(Clock clock, Sleeper sleeper) {
        this(clock, sleeper, HttpProbe.defaultClient());
    }

    public HealthChecker(Clock clock, Sleeper sleeper, HttpClient client) {
        this.sleeper = sleeper;
        this.probe = new HttpProbe(client, clock);
    }

    /**
     * @param instances each instance's base address, e.g. http://127.0.0.1:41234; the spec's path is appended
     * @throws InterruptedException when the calling thread is interrupted; requests under way are cancelled
     */
    public HealthResult await(HealthCheckSpec spec, List<URI> instances) throws InterruptedException {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("no instances to check");
        }
        String path = spec.pathOrDefault();
        int expected = spec.expectStatusOrDefault();
        int threshold = spec.failureThresholdOrDefault();
        Duration interval = spec.intervalOrDefault();
        Duration delay = spec.initialDelayOrDefault();
        if (!delay.isZero()) {
            sleeper.sleep(delay);
        }
        Set<URI> waiting = new LinkedHashSet<>();
        for (URI instance : instances) {
            waiting.add(HttpProbe.resolve(instance, path));
        }
        Map<URI, Integer> failuresInARow = new HashMap<>();
        int attempts = 0;
        while (true) {
            attempts++;
            List<URI> polled = new ArrayList<>(waiting);
            List<HttpProbe.Answer> answers = probe.sendAll(polled, HttpMethod.GET, spec.timeoutOrDefault());
            for (int i = 0; i < polled.size(); i++) {
                URI uri = polled.get(i);
                HttpProbe.Answer answer = answers.get(i);
                if (answer.status().isPresent() && answer.status().get() == expected) {
                    waiting.remove(uri);
                    continue;
                }
                int failures = failuresInARow.merge(uri, 1, Integer::sum);
                if (failures >= threshold) {
                    String what = answer.status().isPresent()
                            ? "answered " + answer.status().get() + " (expected " + expected + ")"
                            : answer.error().orElseThrow();
                    return new HealthResult(false, uri + ": " + what + " after " + plural(failures, "attempt")
                            + (failures > 1 ? " " + Elapsed.format(interval) + " apart" : ""), attempts);
                }
            }
            if (waiting.isEmpty()) {
                return new HealthResult(true, (instances.size() == 1 ? "1 instance" : instances.size() + " instances")
                        + " answered " + expected + " on " + path + " after " + plural(attempts, "attempt"), attempts);
            }
            sleeper.sleep(interval);
        }
    }

    static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
