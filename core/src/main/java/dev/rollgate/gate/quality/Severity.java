package dev.rollgate.gate.quality;

/** Trivy's vulnerability severities, as its JSON report spells them. */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN
}
