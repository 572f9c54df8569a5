package dev.rollgate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {

    private static final Instant T0 = Instant.parse("2025-03-04T10:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    @Test
    void runsDueTasksInOrderWithTheClockAtEachDueTime() {
        scheduler.schedule(() -> ran.add("b@" + clock.instant()), 10, TimeUnit.SECONDS);
        scheduler.schedule(() -> ran.add("a@" + clock.instant()), 5, TimeUnit.SECONDS);
        scheduler.schedule(() -> ran.add("c@" + clock.instant()), 5_000, TimeUnit.MILLISECONDS);

        int count = scheduler.advance(Duration.ofMinutes(1));

        assertThat(count).isEqualTo(3);
        assertThat(ran).containsExactly("a@2025-03-04T10:00:05Z", "c@2025-03-04T10:00:05Z", "b@2025-03-04T10:00:10Z");
        assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
    }

    @Test
    void runsNothingBeforeItIsDue() {
        scheduler.schedule(() -> ran.add("tick"), 40, TimeUnit.SECONDS);

        assertThat(scheduler.runPending()).isZero();
        assertThat(scheduler.advance(Duration.ofSeconds(39))).isZero();
        assertThat(ran).isEmpty();

        scheduler.advance(Duration.ofSeconds(1));

        assertThat(ran).containsExactly("tick");
        assertThat(scheduler.nextDelay()).isEmpty();
    }

    @Test
    void nextDelayIsTheExactTimeLeftOnTheManualClock() {
        ScheduledFuture<?> future = scheduler.schedule(() -> ran.add("tick"), 40_000, TimeUnit.MILLISECONDS);

        assertThat(scheduler.nextDelay()).contains(Duration.ofSeconds(40));

        clock.advance(Duration.ofMillis(15_250));

        assertThat(scheduler.nextDelay()).contains(Duration.ofMillis(24_750));
        assertThat(future.getDelay(TimeUnit.MILLISECONDS)).isEqualTo(24_750);
        assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofMillis(24_750));
    }

    @Test
    void aCancelledTaskNeverRunsAndIsNoLongerPending() {
        ScheduledFuture<?> future = scheduler.schedule(() -> ran.add("tick"), 1, TimeUnit.SECONDS);

        assertThat(future.cancel(false)).isTrue();
        scheduler.advance(Duration.ofHours(1));

        assertThat(ran).isEmpty();
        assertThat(future.isCancelled()).isTrue();
        assertThat(scheduler.nextDelay()).isEmpty();
        assertThat(scheduler.pendingCount()).isZero();
    }

    @Test
    void runPendingRunsSubmittedTasksWithoutMovingTime() {
        Future<?> submitted = scheduler.submit(() -> ran.add("abort@" + clock.instant()));
        scheduler.schedule(() -> ran.add("later"), 1, TimeUnit.MILLISECONDS);

        assertThat(scheduler.nextDelay()).contains(Duration.ZERO);
        assertThat(scheduler.runPending()).isEqualTo(1);

        assertThat(ran).containsExactly("abort@" + T0);
        assertThat(submitted).isDone();
        assertThat(clock.instant()).isEqualTo(T0);
        assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofMillis(1));
    }

    @Test
    void tasksMayScheduleFurtherTasks() {
        scheduler.schedule(new Runnable() {
            @Override
            public void run() {
                ran.add("poll@" + clock.instant());
                scheduler.schedule(this, 10, TimeUnit.SECONDS);
            }
        }, 10, TimeUnit.SECONDS);

        scheduler.advance(Duration.ofSeconds(35));

        assertThat(ran).containsExactly(
                "poll@2025-03-04T10:00:10Z", "poll@2025-03-04T10:00:20Z", "poll@2025-03-04T10:00:30Z");
        assertThat(scheduler.nextDelay()).contains(Duration.ofSeconds(5));

        assertThat(scheduler.advanceToNext()).contains(Duration.ofSeconds(5));
        assertThat(ran).hasSize(4).last().isEqualTo("poll@2025-03-04T10:00:40Z");
    }

    @Test
    void aTaskThatThrowsFailsTheAdvanceAfterTheOtherDueTasksRan() {
        scheduler.schedule(() -> {
            throw new IllegalStateException("tick threw instead of calling onFailure");
        }, 1, TimeUnit.SECONDS);
        scheduler.schedule(() -> ran.add("next"), 2, TimeUnit.SECONDS);

        assertThatThrownBy(() -> scheduler.advance(Duration.ofSeconds(5)))
                .isInstanceOf(AssertionError.class)
                .hasRootCauseMessage("tick threw instead of calling onFailure");
        assertThat(ran).containsExactly("next");
    }

    @Test
    void aTaskThatReschedulesItselfWithoutDelayIsReportedNotSpunForever() {
        scheduler.submit(new Runnable() {
            @Override
            public void run() {
                scheduler.submit(this);
            }
        });

        assertThatThrownBy(scheduler::runPending).isInstanceOf(AssertionError.class).hasMessageContaining("reschedul");
    }

    @Test
    void acceptsTasksFromOtherThreads() throws Exception {
        int threads = 4;
        int perThread = 500;
        CountDownLatch done = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            new Thread(() -> {
                for (int j = 0; j < perThread; j++) {
                    scheduler.schedule(() -> ran.add("x"), j, TimeUnit.MILLISECONDS);
                }
                done.countDown();
            }).start();
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();

        scheduler.advance(Duration.ofSeconds(1));

        assertThat(ran).hasSize(threads * perThread);
    }

    @Test
    void theClockOnlyMovesForwardAndItsZonedViewsShareTheTime() {
        var berlin = clock.withZone(ZoneId.of("Europe/Berlin"));

        clock.advance(Duration.ofMinutes(5));

        assertThat(berlin.instant()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(berlin.getZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.set(T0)).isInstanceOf(IllegalArgumentException.class);
    }
}
