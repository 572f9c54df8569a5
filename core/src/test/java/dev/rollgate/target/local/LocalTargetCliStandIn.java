package dev.rollgate.target.local;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Plays the CLI in {@link LocalTargetTest}: a separate JVM that attaches to (or starts) the local agent and scales a
 * version, so the test can {@code kill -9} it in the middle. Arguments: agent directory, command, working directory,
 * version, replicas.
 */
public final class LocalTargetCliStandIn {

    private LocalTargetCliStandIn() {
    }

    public static void main(String[] args) throws Exception {
        LocalTargetSpec spec = new LocalTargetSpec(args[1], Optional.empty(), Optional.of("127.0.0.1:0"),
                Optional.empty(), Optional.empty(), Optional.empty());
        LocalTarget target = LocalTarget.attach(Path.of(args[0]), spec, Path.of(args[2]));
        System.out.println("scaling " + target.agentPid());
        System.out.flush();
        target.scale(args[3], Integer.parseInt(args[4]));
        System.out.println("done");
    }
}
