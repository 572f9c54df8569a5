package dev.rollgate.cli;

import java.time.Duration;

/** Waiting, injected so that tests wait in virtual time. Only drivers such as the CLI ever wait. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    static Sleeper real() {
        return d -> Thread.sleep(d.toMillis());
    }
}
