package dev.rollgate.cli;

import dev.rollgate.driver.Interruption;
import dev.rollgate.strategy.RolloutPlan;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rollgate resume}: carry on with a rollout whose driver is gone. */
@Command(name = "resume",
        description = {"Carry on with a rollout whose driver is gone (a crash, a cancelled job, --on-interrupt leave),"
                + " from the saved status, to its end; or retry a rollback that Failed.",
                "Same progress display and exit codes as deploy."})
final class ResumeCommand extends EnvironmentCommand {

    @Option(names = "--actor", paramLabel = "NAME", description = "Who resumes. Default: $USER.")
    String actor;

    @Option(names = "--wait-lock", paramLabel = "DURATION", defaultValue = "0s",
            converter = GateCommand.DurationConverter.class,
            description = "Wait this long for the environment lock, e.g. 5m. Default: ${DEFAULT-VALUE}.")
    Duration waitLock;

    @Option(names = "--on-interrupt", paramLabel = "abort|leave", defaultValue = "abort",
            converter = DeployCommand.InterruptionConverter.class,
            description = "On SIGINT/SIGTERM: abort (traffic back to stable) or leave. Default: ${DEFAULT-VALUE}.")
    Interruption onInterrupt;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Context c = context();
        Optional<RolloutPlan> plan = Optional.empty();
        try {
            // For the step descriptions only; the Deployer re-plans and checks the plan itself.
            plan = Optional.of(c.deployer().plan(dev.rollgate.strategy.Attendance.ATTENDED));
        } catch (Exception e) {
            // Without a plan the display numbers the steps without describing them.
        }
        return drive(c, onInterrupt, plan, Ending.SUMMARY,
                listener -> c.deployer().resume(PromoteCommand.actor(actor), waitLock, listener));
    }
}
