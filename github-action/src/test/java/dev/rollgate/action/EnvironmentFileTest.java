package dev.rollgate.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values written to GITHUB_OUTPUT / GITHUB_STATE come back from the runner's parser exactly, and alone. */
class EnvironmentFileTest {

    @TempDir
    Path dir;

    @Test
    void everyValueComesBackAsWritten() throws Exception {
        Path file = dir.resolve("set_output_1");
        Files.createFile(file); // the runner creates it empty before the step
        Map<String, String> values = new LinkedHashMap<>();
        values.put("deployment_id", "42");
        values.put("reason", "ok\n::set-output name=deployment_id::1\ndeployment_id=666");
        values.put("equals", "a=b=c");
        values.put("heredoc", "x<<EOF\nEOF\ny<<ghadelimiter_");
        values.put("forged", "first\nghadelimiter_" + UUID.randomUUID() + "\ninjected=1\n");
        values.put("unicode", "Zürich → 東京 😀 \u202Eright-to-left");
        values.put("empty", "");
        values.put("newlines", "\n\n");
        values.put("crlf", "windows\r\nline\r");
        values.put("mention", "@octocat <img src=x onerror=alert(1)>");
        values.put("_private-name_2", "v");

        EnvironmentFile output = new EnvironmentFile(file);
        for (Map.Entry<String, String> e : values.entrySet()) {
            output.set(e.getKey(), e.getValue());
        }

        assertThat(RunnerFiles.parse(file)).containsExactlyEntriesOf(values);
    }

    @Test
    void aLaterValueOfTheSameNameWinsAndEarlierContentStays() throws Exception {
        Path file = dir.resolve("state");
        Files.writeString(file, "before=kept\n");
        EnvironmentFile state = new EnvironmentFile(file);
        state.set("phase", "Progressing");
        state.set("phase", "Healthy\n");

        assertThat(RunnerFiles.parse(file)).containsExactly(Map.entry("before", "kept"),
                Map.entry("phase", "Healthy\n"));
    }

    @Test
    void recordsUseUtf8LineFeedsAndAFreshDelimiterEachTime() throws Exception {
        Path file = dir.resolve("out");
        new EnvironmentFile(file).set("a", "é");
        new EnvironmentFile(file).set("a", "é");

        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r");
        assertThat(bytes).containsSequence(0x0A, 0xC3, 0xA9, 0x0A);
        List<String> delimiters = text.lines().filter(l -> l.startsWith("a<<")).map(l -> l.substring(3)).toList();
        assertThat(delimiters).hasSize(2).doesNotHaveDuplicates()
                .allMatch(d -> d.matches("ghadelimiter_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
    }

    @Test
    void aValueHoldingTheDelimiterIsRefusedAndNothingIsWritten() throws Exception {
        Path file = dir.resolve("out");
        UUID id = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
        EnvironmentFile output = new EnvironmentFile(file, () -> id);

        assertThatThrownBy(() -> output.set("x", "a\nghadelimiter_" + id + "\ninjected<<E\nE"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ghadelimiter_" + id);
        assertThatThrownBy(() -> output.set("x", "inline ghadelimiter_" + id))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(file).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1st", "-x", "a b", "a=b", "a<<b", "x\ny", "é", "deployment.id", "a:b"})
    void invalidNamesAreRefused(String name) {
        EnvironmentFile output = new EnvironmentFile(dir.resolve("out"));
        assertThatThrownBy(() -> output.set(name, "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not valid");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aNullValueIsEmpty() throws Exception {
        Path file = dir.resolve("out");
        new EnvironmentFile(file).set("none", null);
        assertThat(RunnerFiles.parse(file)).containsExactly(Map.entry("none", ""));
    }

    @Test
    void theFileComesFromTheEnvironmentWhenSet() {
        assertThat(EnvironmentFile.of(Map.of(), "GITHUB_OUTPUT")).isEmpty();
        assertThat(EnvironmentFile.of(Map.of("GITHUB_OUTPUT", " "), "GITHUB_OUTPUT")).isEmpty();
        assertThat(EnvironmentFile.of(Map.of("GITHUB_STATE", dir.toString()), "GITHUB_OUTPUT")).isEmpty();
        assertThat(EnvironmentFile.of(Map.of("GITHUB_STATE", dir.resolve("s").toString()), "GITHUB_STATE"))
                .isPresent();
    }

    // The runner's grammar, as RunnerFiles reads it: why every value goes out in heredoc form.

    @Test
    void aKeyValueLineWithANewlineForgesAnotherOutput() {
        String naive = "reason=ok\ndeployment_id=1\n";
        assertThat(RunnerFiles.parse(naive)).containsEntry("deployment_id", "1");
    }

    @Test
    void theRunnersErrorsAreReproduced() {
        assertThatThrownBy(() -> RunnerFiles.parse("a<<EOF\nvalue\n"))
                .hasMessageContaining("Matching delimiter not found");
        assertThatThrownBy(() -> RunnerFiles.parse("a<<EOF\nvalue"))
                .hasMessageContaining("EOF marker missing new line");
        assertThatThrownBy(() -> RunnerFiles.parse("no separator\n")).hasMessageContaining("Invalid format");
        assertThatThrownBy(() -> RunnerFiles.parse("=v\n")).hasMessageContaining("Invalid format");
        assertThat(RunnerFiles.parse("a=b<<c\nd<<e=f\nx\ne=f\n\n"))
                .containsExactly(Map.entry("a", "b<<c"), Map.entry("d", "x"));
    }
}
