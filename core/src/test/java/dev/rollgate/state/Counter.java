package dev.rollgate.state;

/** A small state value for the tests. */
public record Counter(String phase, int count) {
}
