package dev.rollgate.cli;

import dev.rollgate.config.RollgateConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rollgate validate}: checks a policy file and reports every problem in it. */
@Command(mixinStandardHelpOptions = true, versionProvider = RollgateCommand.Version.class, name = "validate", description = "Check rollgate.yaml and report every problem, not only the first.")
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        RollgateConfig c = config.load();
        spec.commandLine().getOut().println(config.file + ": valid (service " + c.service() + ", environments: "
                + String.join(", ", c.environments().keySet()) + ")");
        return ExitCode.OK.code();
    }
}
