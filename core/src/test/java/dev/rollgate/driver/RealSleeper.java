package dev.rollgate.driver;

import java.time.Duration;

/** For tests with real processes, where time must really pass. */
public final class RealSleeper implements Sleeper {

    public static final Sleeper INSTANCE = new RealSleeper();

    private RealSleeper() {
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(Math.max(0, duration.toMillis()));
    }
}
