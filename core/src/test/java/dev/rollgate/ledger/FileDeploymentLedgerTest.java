package dev.rollgate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.rollgate.gate.DeploymentType;
import dev.rollgate.model.Trigger;
import dev.rollgate.state.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDeploymentLedgerTest {

    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(20);
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path dir;

    private FileDeploymentLedger ledger() {
        return new FileDeploymentLedger(dir);
    }

    private static LedgerEntry everything() {
        return new LedgerEntry("a1b2", "checkout", "prod", "2.3.1", Optional.of("2.3.0"), Optional.of("alice"),
                Trigger.MANUAL, Optional.of("hotfix \"INC-7\"\nline two"), DeploymentType.EMERGENCY_MANUAL,
                "canary", T0, Optional.of(T0.plusSeconds(600)), Outcome.ROLLED_BACK,
                Optional.of("analysis failed: error rate 4.2% > 1%"),
                List.of(new StepRecord("setWeight 10", T0, Optional.of(T0.plusSeconds(1)), "ok"),
                        new StepRecord("analysis", T0.plusSeconds(1), Optional.empty(), "failed")));
    }

    private static LedgerEntry minimal(String id, String environment, Outcome outcome) {
        return new LedgerEntry(id, "checkout", environment, "2.3.1", Optional.empty(), Optional.empty(),
                Trigger.PUSH, Optional.empty(), DeploymentType.AUTOMATED_CI, "rolling", T0, Optional.empty(),
                outcome, Optional.empty(), List.of());
    }

    @Test
    void emptyLedgerReadsAsEmpty() throws IOException {
        LedgerContents contents = ledger().read();

        assertThat(contents.records()).isEmpty();
        assertThat(contents.warnings()).isEmpty();
    }

    @Test
    void everyFieldRoundTripsPresentAndAbsent() throws IOException {
        ledger().append(everything());
        ledger().append(minimal("c3d4", "staging", Outcome.BLOCKED));

        LedgerContents contents = ledger().read();
        assertThat(contents.records()).containsExactly(everything(), minimal("c3d4", "staging", Outcome.BLOCKED));
        assertThat(contents.warnings()).isEmpty();
    }

    @Test
    void lineHasTheDocumentedStableShape() throws IOException {
        ledger().append(everything());
        ledger().append(minimal("c3d4", "staging", Outcome.IN_PROGRESS));

        List<String> lines = Files.readAllLines(ledger().file(), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        JsonMapper json = new JsonMapper();
        assertThat(json.readTree(lines.get(0))).isEqualTo(json.readTree("""
                {"id":"a1b2","service":"checkout","environment":"prod","version":"2.3.1",
                 "previousVersion":"2.3.0","actor":"alice","trigger":"manual",
                 "reason":"hotfix \\"INC-7\\"\\nline two","deploymentType":"emergency_manual",
                 "strategy":"canary","startedAt":"2026-11-23T12:00:00Z","finishedAt":"2026-11-23T12:10:00Z",
                 "outcome":"rolled_back","rollbackCause":"analysis failed: error rate 4.2% > 1%",
                 "steps":[{"name":"setWeight 10","startedAt":"2026-11-23T12:00:00Z",
                           "finishedAt":"2026-11-23T12:00:01Z","result":"ok"},
                          {"name":"analysis","startedAt":"2026-11-23T12:00:01Z","result":"failed"}]}
                """));
        assertThat(lines.get(1)).isEqualTo("{\"id\":\"c3d4\",\"service\":\"checkout\",\"environment\":\"staging\","
                + "\"version\":\"2.3.1\",\"trigger\":\"push\",\"deploymentType\":\"automated_ci\","
                + "\"strategy\":\"rolling\",\"startedAt\":\"2026-11-23T12:00:00Z\",\"outcome\":\"in_progress\","
                + "\"steps\":[]}");
    }

    @Test
    void laterRecordOfAnAttemptSupersedesTheEarlierOne() throws IOException {
        LedgerEntry startA = minimal("a", "prod", Outcome.IN_PROGRESS);
        LedgerEntry startB = minimal("b", "prod", Outcome.IN_PROGRESS);
        LedgerEntry stagingC = minimal("c", "staging", Outcome.SUCCEEDED);
        LedgerEntry endA = startA.finished(T0.plusSeconds(60), Outcome.FAILED, Optional.empty(), List.of());
        LedgerEntry endB = startB.finished(T0.plusSeconds(90), Outcome.SUCCEEDED, Optional.empty(), List.of());
        for (LedgerEntry entry : List.of(startA, startB, stagingC, endA, endB)) {
            ledger().append(entry);
        }

        LedgerContents contents = ledger().read();
        assertThat(contents.records()).containsExactly(startA, startB, stagingC, endA, endB);
        assertThat(contents.attempts()).containsExactly(endA, endB, stagingC);
        assertThat(contents.history("checkout", "prod")).containsExactly(endA, endB);
        assertThat(contents.last("checkout", "prod")).contains(endB);
        assertThat(contents.last("checkout", "dev")).isEmpty();
    }

    @Test
    void tornLastLineIsSkippedWithAWarningAndTheNextAppendStaysReadable() throws IOException {
        ledger().append(minimal("a", "prod", Outcome.SUCCEEDED));
        byte[] whole = LedgerJson.write(minimal("b", "prod", Outcome.SUCCEEDED));
        Files.write(ledger().file(), java.util.Arrays.copyOf(whole, whole.length / 2), StandardOpenOption.APPEND);

        LedgerContents torn = ledger().read();
        assertThat(torn.records()).extracting(LedgerEntry::id).containsExactly("a");
        assertThat(torn.warnings()).containsExactly(new LedgerWarning(ledger().file().toString(), 2,
                "incomplete last line (no line break; a write cut short?), skipped"));

        ledger().append(minimal("c", "prod", Outcome.SUCCEEDED));

        LedgerContents after = ledger().read();
        assertThat(after.records()).extracting(LedgerEntry::id).containsExactly("a", "c");
        assertThat(after.warnings()).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(2);
            assertThat(w.problem()).startsWith("not valid JSON");
            assertThat(w.toString()).startsWith(ledger().file() + ":2: not valid JSON");
        });
    }

    @Test
    void unreadableLinesInTheMiddleAreSkippedNotFatal() throws IOException {
        ledger().append(minimal("a", "prod", Outcome.SUCCEEDED));
        Files.writeString(ledger().file(), "{\"id\":\"x\",\"outcome\":\"exploded\"}\n", StandardOpenOption.APPEND);
        ledger().append(minimal("c", "prod", Outcome.SUCCEEDED));

        LedgerContents contents = ledger().read();
        assertThat(contents.records()).extracting(LedgerEntry::id).containsExactly("a", "c");
        assertThat(contents.warnings()).singleElement()
                .satisfies(w -> assertThat(w.problem()).isEqualTo("field \"service\" is missing, skipped"));
    }

    @Test
    void unknownFieldsFromANewerWriterAreIgnored() throws IOException {
        String line = new String(LedgerJson.write(minimal("a", "prod", Outcome.SUCCEEDED)), StandardCharsets.UTF_8)
                .replace("{\"id\"", "{\"region\":\"eu-west-1\",\"id\"");
        Files.writeString(ledger().file(), line + "\n");

        assertThat(ledger().read().records()).containsExactly(minimal("a", "prod", Outcome.SUCCEEDED));
    }

    @Test
    void concurrentAppendsFromThreadsAllArrive() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (String prefix : List.of("t1", "t2", "t3")) {
            Thread thread = new Thread(() -> {
                try {
                    FileDeploymentLedger mine = ledger();
                    for (int i = 0; i < 50; i++) {
                        mine.append(LedgerChildMain.entry(prefix + "-" + i));
                    }
                } catch (IOException e) {
                    failures.add(new UncheckedIOException(e));
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(CHILD_TIMEOUT.toMillis());
        }

        assertThat(failures).isEmpty();
        LedgerContents contents = ledger().read();
        assertThat(contents.warnings()).isEmpty();
        assertThat(contents.records()).hasSize(150);
    }

    @Test
    void concurrentAppendsFromTwoProcessesNeitherInterleaveNorGetLost() throws Exception {
        try (ChildJvm one = ChildJvm.start(LedgerChildMain.class, "append", dir.toString(), "p1", "200");
             ChildJvm two = ChildJvm.start(LedgerChildMain.class, "append", dir.toString(), "p2", "200")) {
            one.awaitLine("done", CHILD_TIMEOUT);
            two.awaitLine("done", CHILD_TIMEOUT);
        }

        LedgerContents contents = ledger().read();
        assertThat(contents.warnings()).isEmpty();
        List<String> expected = new ArrayList<>();
        IntStream.range(0, 200).forEach(i -> expected.add("p1-" + i));
        IntStream.range(0, 200).forEach(i -> expected.add("p2-" + i));
        assertThat(contents.records()).extracting(LedgerEntry::id).containsExactlyInAnyOrderElementsOf(expected);
        // Each process's own records keep their order.
        assertThat(contents.records()).extracting(LedgerEntry::id).filteredOn(id -> id.startsWith("p1-"))
                .containsExactlyElementsOf(expected.subList(0, 200));
        assertThat(Files.readAllLines(ledger().file())).hasSize(400);
    }

    @Test
    void appenderKilledWithSigkillLeavesEveryCompletedLineReadable() throws Exception {
        int confirmed;
        try (ChildJvm child = ChildJvm.start(LedgerChildMain.class, "append", dir.toString(), "k", "-1")) {
            String line = child.awaitLine("appended 49", CHILD_TIMEOUT);
            assertThat(line).isEqualTo("appended 49");
            child.kill();
            confirmed = 50;
        }

        LedgerContents contents = ledger().read();
        List<String> ids = contents.records().stream().map(LedgerEntry::id).toList();
        // Every append that returned is there, in order; the child may have finished a few more.
        assertThat(ids.size()).isGreaterThanOrEqualTo(confirmed);
        assertThat(ids).containsExactlyElementsOf(IntStream.range(0, ids.size()).mapToObj(i -> "k-" + i).toList());
        assertThat(contents.warnings()).hasSizeLessThanOrEqualTo(1);

        // The lock died with the child: appending goes on.
        ledger().append(minimal("after", "prod", Outcome.SUCCEEDED));
        assertThat(ledger().read().last("checkout", "prod")).map(LedgerEntry::id).contains("after");
    }
}
