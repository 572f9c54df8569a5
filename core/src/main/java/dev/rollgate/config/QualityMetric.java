package dev.rollgate.config;

import dev.rollgate.model.WireNamed;

/** What a quality gate measures in its report. Coverage metrics are JaCoCo counters, in percent. */
public enum QualityMetric implements WireNamed {
    LINE("line", ReportKind.JACOCO),
    BRANCH("branch", ReportKind.JACOCO),
    INSTRUCTION("instruction", ReportKind.JACOCO),
    METHOD("method", ReportKind.JACOCO),
    COMPLEXITY("complexity", ReportKind.JACOCO),
    CLASS("class", ReportKind.JACOCO),
    PASS_RATE("passRate", ReportKind.JUNIT),
    TESTS("tests", ReportKind.JUNIT),
    FAILURES("failures", ReportKind.JUNIT),
    ERRORS("errors", ReportKind.JUNIT),
    SKIPPED("skipped", ReportKind.JUNIT);

    private final String wireName;
    private final ReportKind report;

    QualityMetric(String wireName, ReportKind report) {
        this.wireName = wireName;
        this.report = report;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public ReportKind report() {
        return report;
    }

    /** Percent metrics are bounded by 0..100. */
    public boolean isPercent() {
        return this != TESTS && this != FAILURES && this != ERRORS && this != SKIPPED;
    }
}
