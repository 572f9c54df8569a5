package dev.rollgate.cli;

import picocli.CommandLine.Mixin;

/** A rollout command on one environment: {@code --config}, {@code --env}, {@code --state-dir}, {@code --output}. */
abstract class EnvironmentCommand extends RolloutCommandBase {

    @Mixin
    ConfigOption config;

    @Mixin
    EnvironmentOptions where;

    @Mixin
    OutputOption output;

    @Override
    ConfigOption config() {
        return config;
    }

    @Override
    EnvironmentOptions where() {
        return where;
    }

    @Override
    OutputOption output() {
        return output;
    }
}
