package dev.rollgate.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollgate.action.RunnerLog.Command;
import dev.rollgate.action.RunnerLog.Result;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the runner makes of Rollgate's log: only the commands Rollgate meant, whatever the untrusted text says. */
class WorkflowCommandsTest {

    /** Text from people and scripts (a deployment reason, a commit message, a hook's output). */
    static List<String> hostile() {
        return List.of(
                "ok\n::set-output name=deployment_id::1",
                "%0A::error::x",
                "\r::add-mask::the",
                "##[set-output name=x]y",
                "::stop-commands::x",
                "::set-env name=A::b",
                "@octocat",
                "<img src=x onerror=alert(1)>",
                "   ::warning title=forged::indented",
                "before ##[error]mid-line legacy",
                "a\r\n::notice::crlf\rb\n\n::save-state name=s::v",
                "::ERROR::upper case",
                "::error title=a,file=b::%0D%0A%25 escapes",
                ":\u00AD:set-output name=x::soft hyphen",
                "::endgroup::",
                "trailing break\n");
    }

    private final StringWriter log = new StringWriter();
    private final WorkflowCommands commands = new WorkflowCommands(new PrintWriter(log));

    private Result runner() {
        return RunnerLog.parse(log.toString());
    }

    @Test
    void anErrorOnAFileLineKeepsAHostileFileNameInItsProperty() {
        commands.error("invalid, config", "x:\n::set-output name=a::b", "conf/ro,ll::gate.yaml", 7);
        Result r = runner();
        assertThat(r.commands()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("error");
            assertThat(c.property("file")).isEqualTo("conf/ro,ll::gate.yaml");
            assertThat(c.property("line")).isEqualTo("7");
            assertThat(c.property("title")).isEqualTo("invalid, config");
            assertThat(c.data()).isEqualTo("x:\n::set-output name=a::b");
        });
    }

    @Test
    void escapingFollowsTheToolkit() {
        assertThat(WorkflowCommands.escapeData("100%\r\n: ,")).isEqualTo("100%25%0D%0A: ,");
        assertThat(WorkflowCommands.escapeData("%0A")).isEqualTo("%250A");
        assertThat(WorkflowCommands.escapeData(null)).isEmpty();
        assertThat(WorkflowCommands.escapeProperty("a:b,c%\n")).isEqualTo("a%3Ab%2Cc%25%0A");
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void printedRawTheHostileTextIsACommandOrWouldBe(String text) {
        // The parser is worth trusting only if it sees the attacks that the other tests show to be inert.
        Result raw = RunnerLog.parse(text);
        boolean attack = !raw.commands().isEmpty() || !raw.stopTokens().isEmpty();
        boolean harmless = text.equals("@octocat") || text.equals("%0A::error::x") || text.startsWith("<img") || text.startsWith(":\u00AD:")
                || text.equals("trailing break\n");
        assertThat(attack).as(text).isEqualTo(!harmless);
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void loggedTextRunsNoCommandAndReadsAsTheOriginal(String text) {
        commands.log(text);
        commands.notice(null, "after");

        Result result = runner();
        assertThat(result.commands()).extracting(Command::name).containsExactly("notice");
        assertThat(result.commands().get(0).data()).isEqualTo("after");
        assertThat(result.stoppedAtEnd()).isFalse();
        assertThat(result.output()).containsExactlyElementsOf(RunnerLog.lines(text.isEmpty() ? "\n" : text));
    }

    @Test
    void plainLinesGoOutWithoutABlockAndSuspectOnesInOne() {
        commands.log("Deploying 3 replicas to prod\nall healthy");
        assertThat(runner().stopTokens()).isEmpty();
        assertThat(runner().output()).containsExactly("Deploying 3 replicas to prod", "all healthy");

        // A soft hyphen between the colons may be skipped by the runner's culture-sensitive search.
        commands.log("ok :\u00AD:set-output name=x::y");
        assertThat(runner().stopTokens()).hasSize(1);
        assertThat(runner().commands()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void annotationTitlesAndMessagesRoundTrip(String text) {
        commands.error(text, text);
        commands.warning("Gate " + text, "blocked: " + text);

        Result result = runner();
        assertThat(result.commands()).extracting(Command::name).containsExactly("error", "warning");
        Command error = result.commands().get(0);
        assertThat(error.data()).isEqualTo(text);
        if (text.isBlank()) {
            assertThat(error.properties()).isEmpty();
        } else {
            assertThat(error.properties()).containsOnlyKeys("title");
            assertThat(error.property("title")).isEqualTo(text.strip());
        }
        assertThat(result.commands().get(1).property("title")).isEqualTo(("Gate " + text).strip());
        assertThat(result.commands().get(1).data()).isEqualTo("blocked: " + text);
        assertThat(result.stopTokens()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void maskedValuesArriveWholeAsOneMask(String text) {
        commands.mask(text);

        Result result = runner();
        if (text.isBlank()) {
            assertThat(log.toString()).isEmpty();
        } else {
            assertThat(result.commands()).extracting(Command::name, Command::data).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("add-mask", text));
        }
    }

    @Test
    void blankSecretsAreNotMasked() {
        commands.mask(null);
        commands.mask("");
        commands.mask(" \n ");
        assertThat(log.toString()).isEmpty();
    }

    @Test
    void groupDebugAndEndGroupCarryTheirTextInert() {
        commands.group("rollout of ::set-output name=x::y");
        commands.debug("line\n::error::two");
        commands.endGroup();

        assertThat(runner().commands()).extracting(Command::name, Command::data).containsExactly(
                org.assertj.core.groups.Tuple.tuple("group", "rollout of ::set-output name=x::y"),
                org.assertj.core.groups.Tuple.tuple("debug", "line\n::error::two"),
                org.assertj.core.groups.Tuple.tuple("endgroup", ""));
    }

    @Test
    void streamedTextIsInertAndTheBlockResumesCommands() {
        try (WorkflowCommands.Untrusted block = commands.untrusted()) {
            PrintWriter w = block.writer();
            for (String text : hostile()) {
                w.println(text);
            }
            w.print("partial ::set-output name=p::q"); // no line break before close
        }
        commands.error("Hook failed", "exit 3");

        Result result = runner();
        assertThat(result.commands()).extracting(Command::name).containsExactly("error");
        assertThat(result.commands().get(0).property("title")).isEqualTo("Hook failed");
        assertThat(result.stopTokens()).hasSize(1);
        assertThat(result.stoppedAtEnd()).isFalse();
        assertThat(result.output()).endsWith("partial ::set-output name=p::q");
        assertThat(log.toString()).endsWith("partial ::set-output name=p::q\n::" + result.stopTokens().get(0)
                + "::\n::error title=Hook failed::exit 3\n");
    }

    @Test
    void textWrittenInPiecesKeepsItsLines() {
        try (WorkflowCommands.Untrusted block = commands.untrusted()) {
            PrintWriter w = block.writer();
            w.print("one ::a");
            w.print("b:: two\r");
            w.print("\nthree\r");
            w.print("four\n");
            w.flush();
        }
        assertThat(runner().output()).containsExactly("one ::ab:: two", "three", "four");
    }

    @Test
    void theTokenItselfCannotResumeCommands() {
        try (WorkflowCommands.Untrusted block = commands.untrusted()) {
            String token = tokenOf(log.toString());
            PrintWriter w = block.writer();
            w.println("::" + token + "::");
            w.println("::" + token.toUpperCase() + "::");
            w.println("x ##[" + token + "]");
            w.println("::set-output name=deployment_id::1");
            w.println("::error::forged");
        }
        Result result = runner();
        assertThat(result.commands()).isEmpty();
        assertThat(result.stopTokens()).hasSize(1);
        assertThat(result.stoppedAtEnd()).isFalse();
        assertThat(result.output()).contains("::***::", "x ##[***]", "::error::forged");
    }

    @Test
    void aCommandWhileABlockIsOpenIsStillRunAndTheBlockStaysInert() {
        try (WorkflowCommands.Untrusted block = commands.untrusted()) {
            PrintWriter w = block.writer();
            w.println("::set-output name=a::1");
            commands.mask("s3cr3t-token");
            commands.error("Abort", "cancelled");
            w.println("::set-output name=b::2");
            w.print("half a line ");
            commands.warning(null, "in between");
            w.println("::error::still inert");
        }
        Result result = runner();
        assertThat(result.commands()).extracting(Command::name, Command::data).containsExactly(
                org.assertj.core.groups.Tuple.tuple("add-mask", "s3cr3t-token"),
                org.assertj.core.groups.Tuple.tuple("error", "cancelled"),
                org.assertj.core.groups.Tuple.tuple("warning", "in between"));
        assertThat(result.stopTokens()).hasSize(3).doesNotHaveDuplicates();
        assertThat(result.stoppedAtEnd()).isFalse();
        assertThat(result.output()).contains("half a line ::error::still inert");
    }

    @Test
    void nestedBlocksTakeTurns() {
        try (WorkflowCommands.Untrusted outer = commands.untrusted()) {
            outer.writer().println("::error::outer 1");
            commands.log("::error::logged");
            outer.writer().println("::error::outer 2");
        }
        Result result = runner();
        assertThat(result.commands()).isEmpty();
        assertThat(result.stoppedAtEnd()).isFalse();
        assertThat(result.output()).containsSubsequence("::error::outer 1", "::error::logged", "::error::outer 2");
    }

    @Test
    void closingTwiceAndWritingAfterCloseChangeNothing() {
        WorkflowCommands.Untrusted block = commands.untrusted();
        block.writer().println("x");
        block.close();
        String before = log.toString();
        block.close();
        block.writer().println("::error::late");
        assertThat(block.writer().checkError()).isTrue();
        assertThat(log.toString()).isEqualTo(before);
    }

    @Test
    void anEndlessLineIsSplitWithoutBreakingCharacters() {
        String smile = "\uD83D\uDE00";
        String text = "::error::" + smile.repeat(WorkflowCommands.MAX_LINE);
        try (WorkflowCommands.Untrusted block = commands.untrusted()) {
            block.writer().print(text);
        }
        Result result = runner();
        assertThat(result.commands()).isEmpty();
        assertThat(String.join("", result.output())).isEqualTo(text);
        assertThat(result.output()).allSatisfy(line -> {
            assertThat(line.length()).isLessThanOrEqualTo(WorkflowCommands.MAX_LINE + 1);
            assertThat(Character.isHighSurrogate(line.charAt(line.length() - 1))).isFalse();
        });
    }

    @Test
    void annotationsAreCountedAndAllPrinted() {
        for (int i = 0; i < 12; i++) {
            commands.error("E" + i, "m");
        }
        commands.warning("W", "m");
        assertThat(commands.annotations("error")).isEqualTo(12);
        assertThat(commands.annotations("warning")).isEqualTo(1);
        assertThat(commands.annotations("notice")).isZero();
        assertThat(runner().named("error")).hasSize(12);
    }

    @Test
    void aStreamAndAnnotationsFromAnotherThreadDoNotMix() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        WorkflowCommands.Untrusted block = commands.untrusted();
        Thread hook = new Thread(() -> {
            await(start);
            for (int i = 0; i < 500; i++) {
                block.writer().println("::set-output name=n" + i + "::forged " + hostile().get(i % hostile().size()));
            }
        });
        Thread annotator = new Thread(() -> {
            await(start);
            for (int i = 0; i < 50; i++) {
                commands.warning("Gate " + i, "slow: ::error::" + i);
            }
        });
        hook.start();
        annotator.start();
        start.countDown();
        hook.join();
        annotator.join();
        block.close();

        Result result = runner();
        assertThat(result.commands()).hasSize(50).allSatisfy(c -> assertThat(c.name()).isEqualTo("warning"));
        List<String> titles = new ArrayList<>();
        result.commands().forEach(c -> titles.add(c.property("title")));
        assertThat(titles).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 50).mapToObj(i -> "Gate " + i).toList());
        assertThat(result.stoppedAtEnd()).isFalse();
        assertThat(result.output()).filteredOn(l -> l.startsWith("::set-output name=n")).hasSize(500);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tokenOf(String log) {
        Matcher m = Pattern.compile("::stop-commands::([0-9a-f]+)\n").matcher(log);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
