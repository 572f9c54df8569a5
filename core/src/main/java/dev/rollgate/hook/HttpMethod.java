package dev.rollgate.hook;

/** The HTTP methods a check may use: checks only read. */
public enum HttpMethod {
    GET,
    /** Status only; a HEAD answer has no body, so {@code contains} cannot apply. */
    HEAD
}
