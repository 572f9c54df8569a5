package dev.rollgate.jenkins;

import dev.rollgate.target.TargetException;
import dev.rollgate.target.local.LocalTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code rollgate.yaml} files of the JenkinsRule tests: the demo application of the local example
 * ({@code examples/local/demo/DemoApp.java}, any version name, {@code /health} and {@code /version}) on the embedded
 * local target, a router on a free port, fast health checks, short pauses and no gates unless a test asks for one. The
 * state directory is absolute, so that every job of a test (a canary, a rollback job, a restarted controller) shares
 * it, as the examples' policies share theirs. The local agents outlive builds and controller restarts, as they do in
 * production; {@link #stopAgents()} ends them after each test.
 */
final class TestPolicies {

    static final List<String> ENVIRONMENTS = List.of("staging", "production");

    private final Path stateDir;
    private final Set<String> services = new LinkedHashSet<>();

    TestPolicies(Path stateDir) {
        this.stateDir = stateDir.toAbsolutePath();
    }

    Path stateDir() {
        return stateDir;
    }

    /** payments-api (canary.Jenkinsfile and the others' rollgate.yaml): 50 % for {@code pause}, then 100 %. */
    String canary(String pause) {
        return policy("payments-api", 1, "canary:\n          steps:\n            - setWeight: 50\n"
                + "            - pause: { duration: " + pause + " }", "");
    }

    /** checkout-web (rollgate-blue-green.yaml): green checked, switched, blue gone a second later. */
    String blueGreen() {
        return policy("checkout-web", 1, "blueGreen: { scaleDownDelaySeconds: 1 }", "");
    }

    /** inventory-api (rollgate-rolling.yaml): two instances replaced one at a time. */
    String rolling() {
        return policy("inventory-api", 2, "rolling: { maxSurge: 1, maxUnavailable: 0 }", "");
    }

    /**
     * payments-api with a deployment window, every day, opening {@code minutes} minutes from now (UTC, at the start
     * of a minute) and open for half an hour: a gate asked now is blocked and passes at the next window.
     */
    String canaryWithWindowOpeningIn(int minutes) {
        ZonedDateTime opens = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(minutes);
        DateTimeFormatter hm = DateTimeFormatter.ofPattern("HH:mm");
        String gates = "    gates:\n      window: { timezone: UTC, days: [MON, TUE, WED, THU, FRI, SAT, SUN], hours: \""
                + hm.format(opens) + "-" + hm.format(opens.plusMinutes(30)) + "\" }\n";
        return policy("payments-api", 1, "canary:\n          steps:\n            - setWeight: 50\n"
                + "            - pause: { duration: 1s }", gates);
    }

    private String policy(String service, int replicas, String strategy, String gates) {
        services.add(service);
        String command = "'" + java() + "' '" + demoApp() + "' --port {port} --version {version}";
        StringBuilder yaml = new StringBuilder()
                .append("# Written by ").append(TestPolicies.class.getSimpleName()).append('\n')
                .append("service: ").append(service).append('\n')
                .append("stateDir: ").append(quoted(stateDir.toString())).append('\n')
                .append("environments:\n");
        for (String env : ENVIRONMENTS) {
            yaml.append("  ").append(env).append(":\n")
                    .append(gates)
                    .append("    rollout:\n")
                    .append("      local: { command: ").append(quoted(command)).append(", replicas: ").append(replicas)
                    .append(", listen: \"127.0.0.1:0\", startTimeout: 60s }\n")
                    .append("      healthCheck: { path: /health, interval: 500ms, timeout: 2s, failureThreshold: 120 }\n")
                    .append("      strategy:\n")
                    .append("        ").append(strategy).append('\n');
        }
        return yaml.toString();
    }

    /** Stops the local agents (and their instances) of every service a policy named, in every environment. */
    void stopAgents() {
        for (String service : services) {
            for (String env : ENVIRONMENTS) {
                try {
                    LocalTarget.shutdown(LocalTarget.directory(stateDir, service, env, Optional.empty()));
                } catch (TargetException e) {
                    System.err.println("could not stop the local agent of " + service + "/" + env + ": " + e);
                }
            }
        }
    }

    /** The text as a Groovy {@code '''} string: no interpolation; backslashes and quotes escaped. */
    static String groovyText(String text) {
        return "'''" + text.replace("\\", "\\\\").replace("'", "\\'") + "'''";
    }

    /** The text as a Groovy {@code '} string. */
    static String groovyString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** {@code examples/local/demo/DemoApp.java} of this repository, from the module directory or the root. */
    static Path demoApp() {
        for (Path p : List.of(Path.of("..", "examples", "local", "demo", "DemoApp.java"),
                Path.of("examples", "local", "demo", "DemoApp.java"))) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("examples/local/demo/DemoApp.java not found from "
                + Path.of("").toAbsolutePath());
    }

    /** {@code jenkins-plugin/examples}, from the module directory or the root. */
    static Path examples() {
        for (Path p : List.of(Path.of("examples"), Path.of("jenkins-plugin", "examples"))) {
            if (Files.isRegularFile(p.resolve("canary.Jenkinsfile"))) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("jenkins-plugin/examples not found from " + Path.of("").toAbsolutePath());
    }
}
