package dev.rollgate.cli;

import dev.rollgate.config.RollgateConfig;
import dev.rollgate.config.RollgateConfig.NamedEnvironment;
import dev.rollgate.gate.DeploymentGate;
import dev.rollgate.gate.GateDecision;
import dev.rollgate.gate.PromotionHistory;
import dev.rollgate.model.Approval;
import dev.rollgate.model.CiStatus;
import dev.rollgate.model.DeploymentRequest;
import dev.rollgate.model.Trigger;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The request a deployment's gates judge, as {@code deploy} takes it: the same options and meaning as
 * {@code rollgate gate}. Deciding reads the ledger, so a promotion path ({@code gates.requires}) sees where a
 * version succeeded before.
 */
final class GateInputs {

    @Option(names = "--trigger", paramLabel = "TRIGGER", defaultValue = "manual",
            converter = GateCommand.TriggerConverter.class,
            description = "What started this: push, ci_success, tag, schedule, manual or rollback. Default: ${DEFAULT-VALUE}.")
    Trigger trigger;

    @Option(names = "--ref", paramLabel = "REF", description = "Branch or tag: main, refs/heads/main, refs/tags/v1.2.0.")
    String ref;

    @Option(names = "--actor", paramLabel = "NAME", description = "Who deploys. Default: $USER.")
    String actor;

    @Option(names = "--commit", paramLabel = "SHA", description = "The commit deployed.")
    String commit;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why: required for emergencies and rollbacks.")
    String reason;

    @Option(names = "--emergency", description = "Declare an emergency: reason rules apply even inside the window.")
    boolean emergency;

    @Option(names = "--skip-tests", description = "Emergency bypass of CI and test reports; needs a valid reason.")
    boolean skipTests;

    @Option(names = "--ci-status", paramLabel = "STATUS", defaultValue = "unknown",
            converter = GateCommand.CiStatusConverter.class,
            description = "CI result for the commit: success, failure, pending or unknown. Default: ${DEFAULT-VALUE}.")
    CiStatus ciStatus;

    @Option(names = "--approval", paramLabel = "NAME:ROLE[@INSTANT]",
            description = "A recorded approval; repeatable. Without @INSTANT it counts as given now.")
    List<String> approvals = new ArrayList<>();

    /** Who acts: {@code --actor}, else the user running the command. */
    String actorOrUser() {
        if (actor != null && !actor.isBlank()) {
            return actor;
        }
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "unknown" : user;
    }

    GateDecision decide(RollgateConfig policy, NamedEnvironment env, Path configDirectory, Path stateDir, Clock clock,
                        String version) throws IOException {
        PromotionHistory history = promotionHistory(env, stateDir);
        // Whole seconds: the decision's header shows the time, and nanoseconds only make it harder to read.
        DeploymentGate gate = new DeploymentGate(Clock.tick(clock, java.time.Duration.ofSeconds(1)), configDirectory,
                history);
        Instant now = clock.instant();
        DeploymentRequest request = DeploymentRequest.builder(env.name(), trigger)
                .ref(ref).actor(actorOrUser()).commit(commit).version(version).reason(reason)
                .emergency(emergency).skipTests(skipTests).ciStatus(ciStatus)
                .approvals(approvals.stream().map(a -> approval(a, now)).toList())
                .build();
        return gate.decide(policy.service(), env, request);
    }

    /** What the ledger in {@code stateDir} says succeeded where; read only when the environment has a promotion path. */
    static PromotionHistory promotionHistory(NamedEnvironment env, Path stateDir) {
        try {
            return PromotionHistory.forEnvironment(env, stateDir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the deployment ledger in " + stateDir + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code NAME:ROLE[@INSTANT]}, as {@code rollgate gate --approval} reads it. */
    static Approval approval(String text, Instant now) {
        int colon = text.indexOf(':');
        int atSign = text.indexOf('@', Math.max(colon, 0));
        if (colon <= 0 || colon == text.length() - 1 || atSign == colon + 1) {
            throw new UsageException("--approval " + text + ": write NAME:ROLE or NAME:ROLE@INSTANT, e.g. alice:tech-lead");
        }
        String who = text.substring(0, colon);
        String role = atSign < 0 ? text.substring(colon + 1) : text.substring(colon + 1, atSign);
        Instant when = atSign < 0 ? now
                : GateCommand.InstantConverter.parse(text.substring(atSign + 1), "--approval " + text);
        return new Approval(who, role, when);
    }
}
