package dev.rollgate.config;

import dev.rollgate.model.WireNamed;

/** The report formats a quality gate reads. */
public enum ReportKind implements WireNamed {
    JACOCO("jacoco"),
    JUNIT("junit"),
    SARIF("sarif"),
    TRIVY("trivy"),
    GITLEAKS("gitleaks"),
    FILE_SIZE("file-size");

    private final String wireName;

    ReportKind(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** Reports that only exist because tests ran; skipping tests skips the gates that read them. */
    public boolean comesFromTests() {
        return this == JACOCO || this == JUNIT;
    }
}
