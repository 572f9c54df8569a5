package dev.rollgate.driver;

import dev.rollgate.model.WireNamed;

/** What a driver does when it is told to stop (SIGINT, SIGTERM, a cancelled job) in the middle of a rollout. */
public enum Interruption implements WireNamed {
    /** Abort safely: traffic back to stable, canary scaled down, recorded as interrupted. The default. */
    ABORT("abort"),
    /** Leave everything as it is and exit; {@code rollgate resume} carries on later. */
    LEAVE("leave");

    private final String wireName;

    Interruption(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
