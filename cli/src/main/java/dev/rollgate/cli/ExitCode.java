package dev.rollgate.cli;

/** The process exit codes, shown in {@code --help} and the README. Scripts depend on them: never renumber. */
public enum ExitCode {
    OK(0, "Success: the deployment may run (gate), the file is valid (validate), the rollout was promoted"
            + " (deploy, resume, promote), the command was carried out."),
    BLOCKED(1, "The deployment is blocked by a gate. Nothing was rolled out."),
    USAGE(2, "Bad usage or invalid configuration: unknown option, unknown environment, invalid rollgate.yaml."),
    ROLLED_BACK(3, "The rollout failed and was rolled back, or was aborted: traffic is back on the stable version."),
    TARGET_UNAVAILABLE(4, "The rollout could not complete (phase Failed): the target is unavailable or a rollback"
            + " could not finish; fix it, then rollgate resume."),
    LOCKED(5, "Another rollout holds the environment."),
    // 70 is EX_SOFTWARE in sysexits.h: clear of the codes above, which scripts branch on.
    INTERNAL(70, "Unexpected internal error (a bug: please report it with the output).");

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
