package dev.rollgate.action;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code rollgate github-action} as its own process, the way the runner starts the container: a clean
 * environment with the {@code INPUT_*} and {@code GITHUB_*} variables, the event payload in a file, fresh
 * {@code GITHUB_OUTPUT}, {@code GITHUB_STEP_SUMMARY} and {@code GITHUB_STATE} files, the workspace as working
 * directory. Only stdout is read for commands, as the step prints everything there.
 */
final class ActionProcess {

    final Path workspace;
    final Path files;
    final Map<String, String> env = new LinkedHashMap<>();
    final List<String> args = new ArrayList<>();

    ActionProcess(Path workspace, Path files) {
        this.workspace = workspace;
        this.files = files;
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", files.resolve("home").toString());
        if (System.getenv("JAVA_HOME") != null) {
            env.put("JAVA_HOME", System.getenv("JAVA_HOME"));
        }
        env.put("GITHUB_ACTIONS", "true");
        env.put("CI", "true");
        env.put("GITHUB_WORKSPACE", workspace.toString());
        env.put("GITHUB_REPOSITORY", "octo-org/payments-api");
        env.put("GITHUB_RUN_ID", "4242");
        env.put("GITHUB_SERVER_URL", "https://github.com");
        env.put("GITHUB_SHA", "ffac537e6cbbf934b08745a378932722df287a53");
        env.put("GITHUB_REF", "refs/heads/main");
        env.put("GITHUB_ACTOR", "hubot");
        env.put("GITHUB_OUTPUT", files.resolve("set_output_1").toString());
        env.put("GITHUB_STEP_SUMMARY", files.resolve("step_summary_1").toString());
        env.put("GITHUB_STATE", files.resolve("save_state_1").toString());
        // No token unless a test gives one: no call leaves the machine.
        input("github_token", "");
    }

    ActionProcess input(String name, String value) {
        env.put(ActionInputs.variable(name), value);
        return this;
    }

    ActionProcess event(String name, String payload) throws IOException {
        Path file = files.resolve("event.json");
        Files.writeString(file, payload);
        env.put("GITHUB_EVENT_NAME", name);
        env.put("GITHUB_EVENT_PATH", file.toString());
        return this;
    }

    ActionProcess at(String instant) {
        args.add("--at");
        args.add(instant);
        return this;
    }

    record Result(int exitCode, String stdout, Map<String, String> outputs, String summary, Map<String, String> state) {

        RunnerLog.Result log() {
            return RunnerLog.parse(stdout);
        }
    }

    Process start() throws IOException {
        Files.createDirectories(files.resolve("home"));
        for (String f : List.of("set_output_1", "step_summary_1", "save_state_1")) {
            Files.deleteIfExists(files.resolve(f));
            Files.createFile(files.resolve(f));
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath(), "dev.rollgate.cli.Main", "github-action"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workspace.toFile())
                .redirectOutput(files.resolve("stdout").toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }

    Result finish(Process p) throws Exception {
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("rollgate github-action did not end within 3 minutes:\n" + stdout());
        }
        return new Result(p.exitValue(), stdout(), RunnerFiles.parse(files.resolve("set_output_1")),
                Files.readString(files.resolve("step_summary_1")), RunnerFiles.parse(files.resolve("save_state_1")));
    }

    Result run() throws Exception {
        return finish(start());
    }

    String stdout() throws IOException {
        Path out = files.resolve("stdout");
        return Files.exists(out) ? new String(Files.readAllBytes(out), StandardCharsets.UTF_8) : "";
    }

    /** Surefire's own class path (java.class.path is only its booter jar). */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    static String separator() {
        return File.pathSeparator;
    }
}
