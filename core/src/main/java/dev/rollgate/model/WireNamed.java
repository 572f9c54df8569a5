package dev.rollgate.model;

/** An enum whose constants have a stable external name used in YAML, JSON and on the command line. */
public interface WireNamed {
    String wireName();
}
