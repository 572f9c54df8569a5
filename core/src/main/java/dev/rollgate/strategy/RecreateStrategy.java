package dev.rollgate.strategy;

import dev.rollgate.config.Doc;
import dev.rollgate.config.Source;
import java.util.Objects;

/** Recreate: stop the old version, then start the new one. Simple, with downtime; it has no settings. */
@Doc("Stop every old instance, then start the new version. Has downtime; no settings.")
public record RecreateStrategy(Source source) {

    public static final RecreateStrategy DEFAULT = new RecreateStrategy(Source.NONE);

    public RecreateStrategy {
        Objects.requireNonNull(source, "source");
    }
}
