package dev.rollgate.cli;

import picocli.CommandLine.Option;

/** {@code --output text|json}, shared by the rollout commands. */
final class OutputOption {

    enum Format { text, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    boolean json() {
        return format == Format.json;
    }
}
