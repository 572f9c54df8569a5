package dev.rollgate.driver;

import java.time.Duration;

/** Waiting, injected: the real one sleeps; tests advance a clock instead. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = d -> Thread.sleep(Math.max(0, d.toMillis()));

    void sleep(Duration duration) throws InterruptedException;
}
