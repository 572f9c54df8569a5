package dev.rollgate.jenkins;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it. Views from {@link #withZone} share the same time, so a
 * step that re-zones its clock still sees every {@link #advance}.
 *
 * <p>Deliberately not {@code Serializable}: a step execution that persists its clock instead of holding it
 * {@code transient} fails the River round trip, as it would fail (or silently freeze time) in Jenkins.
 */
public final class ManualClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public ManualClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A clock at an ISO-8601 instant such as {@code 2025-03-04T10:15:30Z}. */
    public static ManualClock at(String isoInstant) {
        return new ManualClock(Instant.parse(isoInstant));
    }

    /** Moves time forward; time never goes backwards, as deadlines computed earlier would then lie. */
    public Instant advance(Duration by) {
        Objects.requireNonNull(by, "by");
        if (by.isNegative()) {
            throw new IllegalArgumentException("a manual clock only moves forward, got " + by);
        }
        return now.updateAndGet(t -> t.plus(by));
    }

    /** Moves time forward to {@code instant}; an instant in the past is refused. */
    public void set(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        now.updateAndGet(t -> {
            if (instant.isBefore(t)) {
                throw new IllegalArgumentException("a manual clock only moves forward: " + instant + " is before " + t);
            }
            return instant;
        });
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new ManualClock(now, Objects.requireNonNull(zone, "zone"));
    }

    @Override
    public String toString() {
        return "ManualClock[" + now.get() + ", " + zone + "]";
    }
}
