package dev.rollgate.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.rollgate.render.Markdown;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job summary stays under what GitHub uploads, and says so when it had to stop. */
class StepSummaryTest {

    @TempDir
    Path dir;

    @Test
    void smallAppendsAreWrittenAsTheyAre() throws Exception {
        Path file = dir.resolve("step_summary_1");
        Files.createFile(file);
        StepSummary summary = new StepSummary(file);
        summary.append("## Rollgate\n\n");
        summary.append("| Gate | Result |\n| --- | --- |\n| window | pass ✅ |\n");

        assertThat(Files.readString(file))
                .isEqualTo("## Rollgate\n\n| Gate | Result |\n| --- | --- |\n| window | pass ✅ |\n");
    }

    @Test
    void twoMebibytesEndUnderTheLimitAsValidUtf8WithTheNote() throws Exception {
        Path file = dir.resolve("summary");
        // Lines of 1-, 2-, 3- and 4-byte characters, so the limit falls inside a multi-byte sequence somewhere.
        StringBuilder markdown = new StringBuilder();
        int bytes = 0;
        for (int line = 0; bytes < 2 * 1024 * 1024; line++) {
            String row = "| " + line + " | é€😀 " + "ü".repeat(line % 97) + " |\n";
            markdown.append(row);
            bytes += Markdown.utf8Length(row);
        }
        new StepSummary(file).append(markdown.toString());

        byte[] written = Files.readAllBytes(file);
        assertThat(written.length).isLessThanOrEqualTo(Markdown.MAX_BYTES).isGreaterThan(Markdown.MAX_BYTES - 1_024);
        String text = strictUtf8(written);
        assertThat(text).endsWith(StepSummary.TRUNCATED_NOTE);
        String kept = text.substring(0, text.length() - StepSummary.TRUNCATED_NOTE.length());
        assertThat(markdown.toString().startsWith(kept)).isTrue();
        assertThat(kept).endsWith(" |\n"); // whole lines only
    }

    @Test
    void theFileAlreadyWrittenCountsAndLaterAppendsWriteNothing() throws Exception {
        Path file = dir.resolve("summary");
        Files.writeString(file, "x".repeat(Markdown.MAX_BYTES - 2_000) + "\n");
        StepSummary summary = new StepSummary(file);
        summary.append("short line\n");
        summary.append("ä\n".repeat(2_000));
        long truncatedSize = Files.size(file);
        summary.append("more\n");

        String text = strictUtf8(Files.readAllBytes(file));
        assertThat(truncatedSize).isLessThanOrEqualTo(Markdown.MAX_BYTES);
        assertThat(Files.size(file)).isEqualTo(truncatedSize);
        assertThat(text).contains("short line\nä\n").endsWith("ä\n" + StepSummary.TRUNCATED_NOTE);
    }

    @Test
    void appendsOfThisProcessAddUp() throws Exception {
        Path file = dir.resolve("summary");
        StepSummary summary = new StepSummary(file);
        String chunk = "y".repeat(99) + "\n";
        for (int i = 0; i < 10_000; i++) {
            summary.append(chunk);
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes.length).isLessThanOrEqualTo(Markdown.MAX_BYTES);
        assertThat(new String(bytes, StandardCharsets.UTF_8).endsWith(chunk + StepSummary.TRUNCATED_NOTE)).isTrue();
    }

    @Test
    void aLineTooLongToFitIsLeftOutWhole() throws Exception {
        Path file = dir.resolve("summary");
        StepSummary summary = new StepSummary(file);
        summary.append("kept\n");
        summary.append("€".repeat(Markdown.MAX_BYTES));

        assertThat(strictUtf8(Files.readAllBytes(file))).isEqualTo("kept\n" + StepSummary.TRUNCATED_NOTE);
    }

    @Test
    void aFileDeletedDuringTheStepStartsAgain() throws Exception {
        Path file = dir.resolve("summary");
        StepSummary summary = new StepSummary(file);
        summary.append("first\n");
        Files.delete(file);
        summary.append("second\n");
        assertThat(Files.readString(file)).isEqualTo("second\n");
    }

    @Test
    void theFileComesFromTheEnvironmentWhenSet() {
        assertThat(StepSummary.of(Map.of())).isEmpty();
        assertThat(StepSummary.of(Map.of("GITHUB_STEP_SUMMARY", ""))).isEmpty();
        assertThat(StepSummary.of(Map.of("GITHUB_STEP_SUMMARY", dir.resolve("s").toString()))).isPresent();
    }

    private static String strictUtf8(byte[] bytes) throws Exception {
        assertThatCode(() -> StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))).doesNotThrowAnyException();
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
