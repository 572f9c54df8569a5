package dev.rollgate.cli;

import dev.rollgate.config.RollgateConfig;
import dev.rollgate.config.RollgateConfig.NamedEnvironment;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --env} and {@code --state-dir}: which environment a rollout command acts on, and where its state lives. */
final class EnvironmentOptions {

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "Environment name or alias.")
    String environment;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where rollout state, locks and the ledger live. Default: the config's stateDir, else"
                    + " .rollgate, relative to the config file's directory.")
    Path stateDir;

    /** The environment named by {@code --env}, or a usage error listing the known ones. */
    NamedEnvironment resolve(RollgateConfig policy, ConfigOption config) {
        return policy.environment(environment).orElseThrow(() -> unknownEnvironment(policy, environment, config.file));
    }

    /** {@code --state-dir}, else the config's {@code stateDir} (relative to the config file), else .rollgate there. */
    Path stateDirectory(RollgateConfig policy, ConfigOption config) {
        if (stateDir != null) {
            return stateDir.toAbsolutePath();
        }
        return config.directory().resolve(policy.stateDirOrDefault()).toAbsolutePath().normalize();
    }

    static UsageException unknownEnvironment(RollgateConfig policy, String environment, Path file) {
        String known = policy.knownEnvironments();
        return new UsageException("unknown environment '" + environment + "' in " + file + "; known: " + known);
    }
}
