package dev.rollgate.gate.quality;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The findings of a gitleaks JSON report ({@code gitleaks ... --report-format json}): a JSON
 * array with one object per leaked secret.
 *
 * <p>Only where each leak is and which rule found it are kept. {@code Secret}, {@code Match} and
 * the other fields are skipped token by token while reading, never turned into strings: a report
 * about secrets must not become one more place that holds them (in memory, in logs, in
 * {@code toString()}).
 *
 * <p>Gitleaks 8.22 and later write no report file at all when nothing leaks; such a missing file
 * is reported as "not found" like any other, and the caller decides whether that is acceptable.
 *
 * @param leaks one entry per finding, in report order
 */
public record GitleaksReport(List<Leak> leaks) {

    /** A finding without its secret: the rule that matched and where. */
    public record Leak(String ruleId, String file, int startLine) {

        public Leak {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(file, "file");
        }
    }

    public GitleaksReport {
        leaks = List.copyOf(leaks);
    }

    public static GitleaksReport read(Path path) throws ReportException {
        return JsonFiles.stream(path, true, json -> {
            JsonToken first = json.nextToken();
            if (first == null) {
                throw JsonFiles.empty(path);
            }
            if (first != JsonToken.START_ARRAY) {
                throw new ReportException(path, JsonFiles.line(json) + "not a gitleaks JSON report: top level is "
                        + describe(first) + ", expected an array of findings");
            }
            List<Leak> leaks = new ArrayList<>();
            for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
                if (token != JsonToken.START_OBJECT) {
                    throw new ReportException(path, JsonFiles.line(json) + "finding " + (leaks.size() + 1) + " is "
                            + describe(token) + ", expected an object");
                }
                leaks.add(leak(json));
            }
            if (json.nextToken() != null) {
                throw new ReportException(path, JsonFiles.line(json) + "unexpected content after the array");
            }
            return new GitleaksReport(leaks);
        });
    }

    public int findings() {
        return leaks.size();
    }

    /** The distinct rule ids that matched, in order of first appearance. */
    public List<String> ruleIds() {
        return leaks.stream().map(Leak::ruleId).distinct().toList();
    }

    /** Reads one finding object, positioned on its START_OBJECT, and moves past its end. */
    private static Leak leak(JsonParser json) throws IOException {
        String ruleId = "";
        String file = "";
        int startLine = 0;
        for (JsonToken token = json.nextToken(); token == JsonToken.FIELD_NAME; token = json.nextToken()) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "RuleID" -> ruleId = value == JsonToken.VALUE_STRING ? json.getText() : ruleId;
                case "File" -> file = value == JsonToken.VALUE_STRING ? json.getText() : file;
                case "StartLine" -> startLine = value == JsonToken.VALUE_NUMBER_INT ? json.getIntValue() : startLine;
                // Everything else, Secret and Match included, is passed over without reading its text.
                default -> json.skipChildren();
            }
        }
        return new Leak(ruleId, file, startLine);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case VALUE_NULL -> "null";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }
}
