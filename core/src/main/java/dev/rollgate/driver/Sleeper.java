package dev.rollgate.driver;

import java.time.Duration;

/**
 * Waiting, injected: the core never sleeps by itself. The command line passes one that really sleeps; tests pass one
 * that advances a clock, or sleep for real where real processes are involved.
 */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;
}
