package dev.rollgate.strategy;

/** Whether a person is there to promote a pause that has no duration; {@link Planner#plan} checks it. */
public enum Attendance {
    /** Someone runs {@code rollgate promote}: an untimed pause is fine. */
    ATTENDED,
    /** A pipeline with no one watching: an untimed pause would wait forever, so planning refuses it. */
    UNATTENDED
}
