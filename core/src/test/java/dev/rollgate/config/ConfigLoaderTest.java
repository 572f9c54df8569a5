package dev.rollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollgate.model.Trigger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    /** The vocabulary the issue requires, verbatim. */
    static final String ISSUE_EXAMPLE = """
            service: payments-api
            defaults:
              gates:
                ci: { required: true }
            environments:
              staging:
                gates: {}
              production:
                aliases: [prod]                        # `--env prod` means production
                triggers: [manual, tag, ci_success]    # which triggers may deploy here (default: all)
                branches: [main]                       # refs allowed (tags: "v*" for releases)
                gates:
                  window:
                    timezone: UTC                      # any IANA zone; DST handled
                    days: [MON, TUE, WED, THU, FRI]
                    hours: "09:00-18:00"                # half-open: 09:00 is inside, 18:00 is not
                    holidays: [2026-12-25]
                  maintenance: { timezone: UTC, days: [SUN], hours: "02:00-03:00" }
                  freezes:
                    - { from: "2026-12-21T00:00:00Z", until: "2027-01-02T00:00:00Z", reason: "Holiday freeze" }
                  emergency: { allowed: true, minReasonLength: 20 }   # may also require approvals: { roles: [vp] }
                  approvals: { required: 2, roles: [tech-lead, product], maxAge: 24h }
                  quality:
                    - { name: "Unit test coverage", report: jacoco, path: "target/site/jacoco/jacoco.xml", metric: line, min: 80 }
                    - { name: "Tests", report: junit, path: "target/surefire-reports", metric: passRate, min: 100 }
                    - { name: "Critical vulnerabilities", report: trivy, path: "trivy.json", severity: CRITICAL, max: 0 }
                    - { name: "High vulnerabilities", report: trivy, path: "trivy.json", severity: HIGH, max: 5 }
                    - { name: "Static analysis errors", report: sarif, path: "spotbugs.sarif", level: error, max: 0 }
                    - { name: "Secret detection", report: gitleaks, path: "gitleaks.json", max: 0 }
                    - { name: "Artifact size", report: file-size, path: "target/app.jar", max: 500MB, blocking: false }
            """;

    @Test
    void readsTheWholeVocabulary() throws ConfigException {
        RollgateConfig config = ConfigLoader.parse(ISSUE_EXAMPLE, "rollgate.yaml");

        assertThat(config.service()).isEqualTo("payments-api");
        assertThat(config.environments()).containsOnlyKeys("staging", "production");
        EnvironmentSpec prod = config.environment("prod").orElseThrow().spec();
        assertThat(config.environment("prod").orElseThrow().name()).isEqualTo("production");
        assertThat(prod.allowedTriggers()).containsExactlyInAnyOrder(Trigger.MANUAL, Trigger.TAG, Trigger.CI_SUCCESS);
        GatesSpec gates = prod.gatesOrNone();
        WindowSpec window = gates.window().orElseThrow();
        assertThat(window.timezone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(window.orderedDays()).containsExactly(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
        assertThat(window.hours().start()).isEqualTo(LocalTime.of(9, 0));
        assertThat(window.hours().length()).isEqualTo(Duration.ofHours(9));
        assertThat(gates.maintenance().orElseThrow().days()).containsExactly(DayOfWeek.SUNDAY);
        assertThat(gates.freezeList()).singleElement().satisfies(f -> {
            assertThat(f.from()).isEqualTo(Instant.parse("2026-12-21T00:00:00Z"));
            assertThat(f.emergencyAllowed()).isTrue();
        });
        assertThat(gates.emergency().orElseThrow().minimumReasonLength()).isEqualTo(20);
        assertThat(gates.approvals().orElseThrow().requiredCount()).isEqualTo(2);
        assertThat(gates.approvals().orElseThrow().maximumAge()).contains(Duration.ofHours(24));
        assertThat(gates.qualityList()).hasSize(7);
        QualityGateSpec size = gates.qualityList().get(6);
        assertThat(size.report()).isEqualTo(ReportKind.FILE_SIZE);
        assertThat(size.max().orElseThrow().value().longValue()).isEqualTo(500_000_000L);
        assertThat(size.isBlocking()).isFalse();
    }

    @Test
    void environmentsInheritDefaultsGateByGate() throws ConfigException {
        RollgateConfig config = ConfigLoader.parse(ISSUE_EXAMPLE, "rollgate.yaml");

        assertThat(config.environment("staging").orElseThrow().spec().gatesOrNone().ci()).isPresent();
        assertThat(config.environment("production").orElseThrow().spec().gatesOrNone().ci().orElseThrow().isRequired()).isTrue();
    }

    @Test
    void anEnvironmentCanDropAnInheritedGateWithNull() throws ConfigException {
        RollgateConfig config = ConfigLoader.parse("""
                service: web
                defaults:
                  triggers: [manual]
                  gates:
                    ci: { required: true }
                    window: { timezone: UTC, days: [MON], hours: "09:00-10:00" }
                environments:
                  dev:
                    gates:
                      window: ~
                  prod:
                    triggers: [tag]
                """, "rollgate.yaml");

        GatesSpec dev = config.environment("dev").orElseThrow().spec().gatesOrNone();
        assertThat(dev.window()).isEmpty();
        assertThat(dev.ci()).isPresent();
        assertThat(config.environment("dev").orElseThrow().spec().allowedTriggers()).containsExactly(Trigger.MANUAL);
        assertThat(config.environment("prod").orElseThrow().spec().allowedTriggers()).containsExactly(Trigger.TAG);
        assertThat(config.environment("prod").orElseThrow().spec().gatesOrNone().window()).isPresent();
    }

    @Test
    void aTypoIsAnErrorWithTheNearestFieldName() {
        ConfigException e = problemsIn("""
                service: web
                environments:
                  prod:
                    gates:
                      windw: { timezone: UTC, days: [MON], hours: "09:00-10:00" }
                """);

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.column()).isEqualTo(7);
            assertThat(p.path()).isEqualTo("environments.prod.gates.windw");
            assertThat(p.message()).isEqualTo("unknown field; did you mean 'window'?");
        });
        assertThat(e.getMessage()).isEqualTo(
                "rollgate.yaml:5:7: environments.prod.gates.windw: unknown field; did you mean 'window'?");
    }

    @Test
    void everyProblemIsReportedNotOnlyTheFirst() {
        ConfigException e = problemsIn("""
                service: web
                environments:
                  prod:
                    gates:
                      window:
                        timezone: Mars/Olympus_Mons
                        days: []
                        hours: "09:00-25:00"
                      freezes:
                        - { from: "2027-01-02T00:00:00Z", until: "2026-12-21T00:00:00Z", reason: "Holidays" }
                      approvals: { required: two }
                      emergency: { allowed: yes please, minReasonLength: 0 }
                """);

        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly(
                "environments.prod.gates.window.timezone",
                "environments.prod.gates.window.hours",
                "environments.prod.gates.freezes[0].until",
                "environments.prod.gates.approvals.required",
                "environments.prod.gates.emergency.allowed");
        assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(6, 8, 10, 11, 12);
        assertThat(e.problems().get(0).message()).contains("\"Mars/Olympus_Mons\" is not a known time zone");
        assertThat(e.problems().get(1).message()).contains("25:00 is not a time of day");
        assertThat(e.problems().get(2).message()).contains("ends (2026-12-21T00:00:00Z) before it starts");
        assertThat(e.problems().get(3).message()).isEqualTo("\"two\" is not a whole number");
        assertThat(e.problems().get(4).message()).contains("expected true or false");
    }

    @Test
    void anEmptyDayListIsAnError() {
        ConfigException e = problemsIn("""
                service: web
                environments:
                  prod:
                    gates:
                      window: { timezone: UTC, days: [], hours: "09:00-18:00" }
                """);

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("environments.prod.gates.window.days");
            assertThat(p.message()).contains("at least one day");
        });
    }

    @Test
    void impossibleHoursAreErrors() {
        for (String hours : List.of("25:00-26:00", "09:00-09:00", "9-18", "18:00-09:60")) {
            ConfigException e = problemsIn("""
                    service: web
                    environments:
                      prod:
                        gates:
                          window: { timezone: UTC, days: [MON], hours: "%s" }
                    """.formatted(hours));
            assertThat(e.problems()).as(hours).singleElement()
                    .satisfies(p -> assertThat(p.path()).isEqualTo("environments.prod.gates.window.hours"));
        }
    }

    @Test
    void wrongTypesNameWhatWasExpected() {
        ConfigException e = problemsIn("""
                service: web
                environments:
                  prod:
                    triggers: manual
                    gates:
                      ci: true
                      approvals: { maxAge: 1 day }
                """);

        assertThat(e.problems()).extracting(ConfigProblem::message).containsExactly(
                "expected a list, found a string",
                "expected a mapping of fields, found a boolean",
                "\"1 day\" is not a duration; write e.g. 90s, 10m, 24h, 7d, 1h30m or 500ms");
    }

    @Test
    void unknownEnumValuesListTheChoices() {
        ConfigException e = problemsIn("""
                service: web
                environments:
                  prod:
                    triggers: [manul, deploy]
                """);

        assertThat(e.problems()).extracting(ConfigProblem::message).containsExactly(
                "\"manul\" is not one of push, ci_success, tag, schedule, manual, rollback; did you mean 'manual'?",
                "\"deploy\" is not one of push, ci_success, tag, schedule, manual, rollback");
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        ConfigException e = problemsIn("""
                environments:
                  prod:
                    gates:
                      freezes:
                        - { from: "2026-12-21T00:00:00Z" }
                """);

        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                "rollgate.yaml:1:1: missing required field 'service'",
                "rollgate.yaml:5:11: environments.prod.gates.freezes[0]: missing required field 'until'",
                "rollgate.yaml:5:11: environments.prod.gates.freezes[0]: missing required field 'reason'");
    }

    @Test
    void aMistakeInDefaultsIsReportedOnceWhereItWasWritten() {
        ConfigException e = problemsIn("""
                service: web
                defaults:
                  gates:
                    ci: { requird: true }
                environments:
                  staging: {}
                  prod: {}
                """);

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("defaults.gates.ci.requird");
            assertThat(p.message()).isEqualTo("unknown field; did you mean 'required'?");
        });
    }

    @Test
    void qualityGatesRefuseFieldsThatWouldBeIgnored() {
        ConfigException e = problemsIn("""
                service: web
                environments:
                  prod:
                    gates:
                      quality:
                        - { name: cov, report: jacoco, path: j.xml, min: 80 }
                        - { name: vulns, report: trivy, path: t.json, max: 0 }
                        - { name: big, report: jacoco, path: j.xml, metric: line, min: 180 }
                        - { name: odd, report: sarif, path: s.sarif, level: error, severity: HIGH, max: 0 }
                        - { name: none, report: gitleaks, path: g.json }
                        - { name: size, report: junit, path: r, metric: passRate, min: 1GB }
                """);

        assertThat(e.problems()).extracting(ConfigProblem::message).containsExactly(
                "required for jacoco reports; one of line, branch, instruction, method, complexity, class",
                "required for trivy reports: CRITICAL, HIGH, MEDIUM, LOW or UNKNOWN",
                "180 is not a percent (0 to 100)",
                "does not apply to sarif reports",
                "set min or max: a gate without a bound can never fail",
                "a size only makes sense for file-size gates");
    }

    @Test
    void aliasesMustNotClash() {
        ConfigException e = problemsIn("""
                service: web
                environments:
                  production: { aliases: [prod] }
                  prod: {}
                """);

        assertThat(e.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("'prod' names both production and prod"));
    }

    @Test
    void duplicateKeysAreErrors() {
        ConfigException e = problemsIn("""
                service: web
                environments:
                  prod: {}
                  prod: {}
                """);

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).isEqualTo("duplicate key; it is already set on line 3");
        });
    }

    @Test
    void brokenYamlIsReportedWithItsLine() {
        ConfigException e = problemsIn("""
                service: web
                environments:
                  prod: { gates: [
                """);

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).startsWith("not valid YAML");
            assertThat(p.line()).isGreaterThanOrEqualTo(3);
        });
    }

    @Test
    void anEmptyFileIsAnError() {
        assertThat(problemsIn("").problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("the file is empty"));
    }

    @Test
    void emptyTriggerListWouldAllowNothingAndIsRefused() {
        assertThat(problemsIn("""
                service: web
                environments:
                  prod: { triggers: [] }
                """).problems()).singleElement()
                .satisfies(p -> assertThat(p.path()).isEqualTo("environments.prod.triggers"));
    }

    @Test
    void loadNamesTheFileAndRefusesNonUtf8(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(missing)).isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": file not found");

        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "service: caf\u00e9\nenvironments: { prod: {} }\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> ConfigLoader.load(latin1)).hasMessage(latin1 + ": not UTF-8 text");

        Path good = dir.resolve("rollgate.yaml");
        Files.writeString(good, ISSUE_EXAMPLE);
        assertThat(ConfigLoader.load(good).service()).isEqualTo("payments-api");
    }

    @Test
    void theShippedExampleIsValid() throws ConfigException {
        Path example = Path.of("..", "examples", "rollgate.yaml");
        assertThat(ConfigLoader.load(example).environment("prod")).isPresent();
    }

    private static ConfigException problemsIn(String yaml) {
        try {
            ConfigLoader.parse(yaml, "rollgate.yaml");
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected configuration problems in:\n" + yaml);
    }

    @Test
    void stateDirDefaultsToDotRollgate() throws ConfigException {
        RollgateConfig plain = ConfigLoader.parse("""
                service: payments-api
                environments: { production: {} }
                """, "rollgate.yaml");
        RollgateConfig custom = ConfigLoader.parse("""
                service: payments-api
                stateDir: /var/lib/rollgate
                environments: { production: {} }
                """, "rollgate.yaml");

        assertThat(plain.stateDirOrDefault()).isEqualTo(".rollgate");
        assertThat(custom.stateDirOrDefault()).isEqualTo("/var/lib/rollgate");
    }

    @Test
    void defaultsRolloutIsMergedIntoEachEnvironmentKeyByKey() throws ConfigException {
        RollgateConfig config = ConfigLoader.parse("""
                service: payments-api
                defaults:
                  rollout:
                    local: { command: "java Demo.java --port {port}", replicas: 2 }
                    progressDeadline: 1h
                    strategy: { canary: { steps: [ { setWeight: 50 } ] } }
                environments:
                  staging: {}
                  production:
                    rollout:
                      progressDeadline: 2h
                      strategy: { blueGreen: {} }
                """, "rollgate.yaml");

        var staging = config.environments().get("staging").rollout().orElseThrow();
        var production = config.environments().get("production").rollout().orElseThrow();
        assertThat(staging.progressDeadline()).contains(Duration.ofHours(1));
        assertThat(staging.strategyOrDefault().name()).isEqualTo("canary");
        assertThat(production.progressDeadline()).contains(Duration.ofHours(2));
        assertThat(production.replicaCount()).isEqualTo(2); // local inherited
        // A strategy is replaced whole: production's blueGreen does not keep the defaults' canary steps.
        assertThat(production.strategyOrDefault().name()).isEqualTo("blueGreen");
        assertThat(production.strategyOrDefault().canary()).isEmpty();
    }

    @Test
    void aRolloutMistakeInDefaultsIsReportedOnceWhereItIsWritten() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                service: payments-api
                defaults:
                  rollout:
                    replicas: 0
                environments:
                  staging: {}
                  production: {}
                """, "rollgate.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("rollgate.yaml:4:15: defaults.rollout.replicas: must be at least 1, was 0");
    }
}
