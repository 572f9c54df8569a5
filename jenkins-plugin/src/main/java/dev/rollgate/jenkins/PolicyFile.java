package dev.rollgate.jenkins;

import dev.rollgate.config.ConfigException;
import dev.rollgate.config.ConfigLoader;
import dev.rollgate.config.ConfigProblem;
import dev.rollgate.config.RollgateConfig;
import dev.rollgate.config.RollgateConfig.NamedEnvironment;
import dev.rollgate.render.Escaping;
import hudson.AbortException;
import hudson.FilePath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The {@code rollgate.yaml} a step reads, found in the workspace, and the environment it names; every problem is an
 * {@link AbortException} naming the step and the file (and, for an invalid file, each problem's line).
 */
record PolicyFile(Path file, RollgateConfig policy, NamedEnvironment environment) {

    /** The directory relative paths in the policy start from. */
    Path directory() {
        return file.toAbsolutePath().getParent();
    }

    /**
     * Where rollout state, locks and the ledger live: the policy's {@code stateDir} when it is absolute, else
     * {@code $JENKINS_HOME/rollgate}, one place for every job and workspace, so that two builds deploying the same
     * environment share its lock (concurrent builds have different workspaces, {@code job@2}). Without a controller
     * (the offline tests) it is next to the file, as the CLI has it.
     */
    Path stateDir() {
        Path configured = Path.of(policy.stateDirOrDefault());
        if (configured.isAbsolute()) {
            return configured.normalize();
        }
        return controllerHome().map(home -> home.resolve("rollgate"))
                .orElseGet(() -> directory().resolve(configured).normalize());
    }

    private static java.util.Optional<Path> controllerHome() {
        try {
            return java.util.Optional.of(jenkins.model.Jenkins.get().getRootDir().toPath());
        } catch (IllegalStateException e) {
            return java.util.Optional.empty(); // no controller: a unit test
        }
    }

    static PolicyFile load(StepContext ctx, String step, String config, String environment)
            throws IOException, InterruptedException {
        return load(locate(ctx, step, config), step, environment);
    }

    /** The policy at an absolute path on the controller (where a running step found it). */
    static PolicyFile load(Path file, String step, String environment) throws IOException {
        if (!file.toFile().isFile()) {
            throw new AbortException(step + ": " + file + " does not exist (check out the repository first)");
        }
        RollgateConfig policy;
        try {
            policy = ConfigLoader.load(file);
        } catch (ConfigException e) {
            throw new AbortException(step + ": invalid configuration:\n  " + e.problems().stream()
                    .map(ConfigProblem::toString).map(Escaping::singleLine).collect(Collectors.joining("\n  ")));
        }
        NamedEnvironment env = policy.environment(environment).orElseThrow(() -> new AbortException(step
                + ": environment '" + Escaping.singleLine(environment) + "' is not in " + file + "; known: "
                + policy.knownEnvironments()));
        return new PolicyFile(file, policy, env);
    }

    /** The file in the workspace; the workspace must be on the controller's file system for now. */
    private static Path locate(StepContext ctx, String step, String config) throws IOException, InterruptedException {
        Path given = Path.of(config);
        if (given.isAbsolute()) {
            return given;
        }
        FilePath workspace = ctx.get(FilePath.class);
        if (workspace == null) {
            throw new AbortException(step + " reads " + config + " from the workspace: call it inside node { } (after"
                    + " checkout), or give config an absolute path");
        }
        if (workspace.isRemote()) {
            throw new AbortException(step + " reads " + config + " from the workspace, which is on an agent; for now"
                    + " run it on the built-in node or give config an absolute path on the controller");
        }
        return Path.of(workspace.child(config).getRemote());
    }
}
