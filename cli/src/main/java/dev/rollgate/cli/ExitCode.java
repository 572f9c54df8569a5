package dev.rollgate.cli;

/** The process exit codes, shown in {@code --help} and the README. Scripts depend on them: never renumber. */
public enum ExitCode {
    OK(0, "Success: the deployment may run (gate), the file is valid (validate)."),
    BLOCKED(1, "The deployment is blocked by a gate."),
    USAGE(2, "Bad usage or invalid configuration: unknown option, unknown environment, invalid rollgate.yaml."),
    INTERNAL(3, "Unexpected internal error (a bug: please report it with the output).");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
