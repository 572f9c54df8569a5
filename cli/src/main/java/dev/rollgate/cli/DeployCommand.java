package dev.rollgate.cli;

import dev.rollgate.config.ConfigException;
import dev.rollgate.driver.DeployException;
import dev.rollgate.driver.DeployRequest;
import dev.rollgate.driver.Interruption;
import dev.rollgate.gate.GateDecision;
import dev.rollgate.model.WireNamed;
import dev.rollgate.render.DecisionJson;
import dev.rollgate.render.DecisionText;
import dev.rollgate.render.Escaping;
import dev.rollgate.model.Trigger;
import dev.rollgate.strategy.Attendance;
import dev.rollgate.strategy.Planner;
import dev.rollgate.strategy.RolloutPlan;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code rollgate deploy}: gates first, then the rollout, with live progress, to its end. */
@Command(name = "deploy",
        description = {"Deploy a version: decide the gates (as rollgate gate does), then roll it out step by step"
                + " with live progress: steps, traffic split, analysis measurements, pauses; and a summary.",
                "Exit 0 when promoted, 1 when a gate blocks (nothing changes), 3 when rolled back or aborted"
                        + " (also after SIGINT/SIGTERM), 4 when the rollout failed, 5 when another rollout holds"
                        + " the environment."})
final class DeployCommand extends EnvironmentCommand {

    @Option(names = "--version", required = true, paramLabel = "V", description = "The version or image to deploy.")
    String version;

    @Mixin
    GateInputs request;

    @Option(names = "--wait-lock", paramLabel = "DURATION", defaultValue = "0s",
            converter = GateCommand.DurationConverter.class,
            description = "Wait this long for another rollout of the environment to finish, e.g. 5m."
                    + " Default: ${DEFAULT-VALUE} (exit 5 at once).")
    Duration waitLock;

    @Option(names = "--on-interrupt", paramLabel = "abort|leave", defaultValue = "abort",
            converter = InterruptionConverter.class,
            description = "On SIGINT/SIGTERM: abort (traffic back to stable, then exit 3) or leave the rollout as it"
                    + " is for rollgate resume. Default: ${DEFAULT-VALUE}.")
    Interruption onInterrupt;

    @Option(names = "--unattended",
            description = "No one is watching (also when the environment variable CI is true): a pause without a"
                    + " duration is refused at planning.")
    boolean unattended;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (version.isBlank()) {
            throw new UsageException("--version must not be blank");
        }
        Context c = context();
        GateDecision decision = request.decide(c.policy(), c.environment(), config.directory(), c.stateDir(), clock,
                version);
        if (!decision.shouldDeploy()) {
            recordBlocked(c, decision);
            out().print(output.json() ? DecisionJson.render(decision) : DecisionText.render(decision));
            return ExitCode.BLOCKED.code();
        }
        (output.json() ? err() : out()).print(DecisionText.render(decision));
        Attendance attendance = attendance(unattended);
        Optional<RolloutPlan> plan;
        try {
            // A rollback trigger rolls out at once, without steps or analysis (the Deployer plans it so too).
            plan = Optional.of(request.trigger == Trigger.ROLLBACK ? Planner.fastPlan(c.deployer().spec())
                    : c.deployer().plan(attendance));
        } catch (ConfigException e) {
            throw invalid(e);
        } catch (DeployException e) {
            return refused(e);
        }
        DeployRequest deploy = new DeployRequest(version, request.actorOrUser(), request.trigger,
                decision.deploymentType(), Optional.ofNullable(request.reason).filter(r -> !r.isBlank()), waitLock,
                attendance);
        return drive(c, onInterrupt, plan, Ending.SUMMARY, listener -> c.deployer().deploy(deploy, listener));
    }

    @Override
    int refused(DeployException e) {
        if (e.kind() == DeployException.Kind.NOTHING_TO_DO) {
            // Deploying what already runs is not an error: a re-run pipeline converges.
            err().println("rollgate: nothing to do: " + Escaping.singleLine(e.getMessage()));
            return ExitCode.OK.code();
        }
        return super.refused(e);
    }

    static Attendance attendance(boolean unattended) {
        return unattended || "true".equalsIgnoreCase(System.getenv("CI")) ? Attendance.UNATTENDED : Attendance.ATTENDED;
    }

    private void recordBlocked(Context c, GateDecision decision) throws IOException {
        c.deployer().recordBlocked(version, request.actorOrUser(), request.trigger, Optional.ofNullable(request.reason),
                decision);
    }

    static final class InterruptionConverter implements ITypeConverter<Interruption> {
        @Override
        public Interruption convert(String value) {
            return WireNamed.find(Interruption.class, value).orElseThrow(() -> new TypeConversionException(
                    "'" + value + "' is not an interruption policy; use abort or leave"));
        }
    }
}
