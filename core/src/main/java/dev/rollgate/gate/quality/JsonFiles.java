package dev.rollgate.gate.quality;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;

/** Reading report JSON with errors that name the file and the line. */
final class JsonFiles {

    /** What a reader does with a parser positioned before the first token. */
    @FunctionalInterface
    interface Body<T> {
        T read(JsonParser json) throws IOException, ReportException;
    }

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonFiles() {
    }

    /** The whole document as a tree; an empty file is an error, not an empty document. */
    static JsonNode readTree(Path path) throws ReportException {
        JsonNode tree = withInput(path, MAPPER::readTree, true);
        if (tree == null || tree.isMissingNode()) {
            throw empty(path);
        }
        return tree;
    }

    /**
     * Token by token, for documents whose values must not all be materialized. With
     * {@code holdsSecrets}, syntax errors give the line but not the parser's message nor the parser
     * exception as cause: Jackson quotes the offending token, which could be part of a secret.
     */
    static <T> T stream(Path path, boolean holdsSecrets, Body<T> body) throws ReportException {
        return withInput(path, in -> {
            try (JsonParser json = MAPPER.createParser(in)) {
                return body.read(json);
            }
        }, !holdsSecrets);
    }

    static ReportException empty(Path path) {
        return new ReportException(path, "empty file, expected JSON");
    }

    static String line(JsonParser json) {
        return lineOf(json.currentTokenLocation());
    }

    /** A short description of a node's type for error messages. */
    static String typeOf(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        return node.isNull() ? "null" : node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    @FunctionalInterface
    private interface Input<T> {
        T read(InputStream in) throws IOException, ReportException;
    }

    private static <T> T withInput(Path path, Input<T> reading, boolean quoteErrors) throws ReportException {
        try (InputStream in = ReportFiles.open(path)) {
            return reading.read(in);
        } catch (JsonProcessingException e) {
            String where = lineOf(e.getLocation());
            if (!quoteErrors) {
                throw new ReportException(path, where + "not valid JSON (details withheld: the file holds secrets)");
            }
            throw new ReportException(path, where + "not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw ReportFiles.unreadable(path, e);
        }
    }

    private static String lineOf(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : "line " + location.getLineNr() + ": ";
    }
}
