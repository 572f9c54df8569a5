package dev.rollgate.cli;

import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code rollgate status}: where the rollout of an environment stands. */
@Command(name = "status",
        description = {"Show the rollout of an environment: phase, step, traffic split, versions, pauses,"
                + " analysis and why it stopped.",
                "With no rollout yet it says so and exits 0 (JSON: \"phase\": null)."})
final class StatusCommand extends EnvironmentCommand {

    @Override
    public Integer call() throws IOException {
        Context c = context();
        printStatus(c, c.deployer().status());
        return ExitCode.OK.code();
    }
}
