package dev.rollgate.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads YAML text into {@link YamlNode}s, keeping line and column of every value. */
final class YamlReader {

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final String file;
    private final List<ConfigProblem> problems;

    YamlReader(String file, List<ConfigProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** Returns the document's root, or null when the text is not YAML (a problem is then recorded). */
    YamlNode read(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new YamlNode.Null(new YamlNode.Location(1, 1), "");
            }
            YamlNode root = readValue(parser, "");
            if (parser.nextToken() != null) {
                // A second document would silently be ignored by most readers; refuse it instead.
                problems.add(problem(parser.currentTokenLocation(), "", "more than one YAML document; keep one per file"));
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            problems.add(problem(at, "", "not valid YAML: " + e.getOriginalMessage()));
            return null;
        } catch (IOException e) {
            problems.add(new ConfigProblem(file, 0, 0, "", "cannot read: " + e.getMessage()));
            return null;
        }
    }

    private YamlNode readValue(JsonParser parser, String path) throws IOException {
        YamlNode.Location at = location(parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>();
                Map<String, YamlNode.Location> keys = new HashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    YamlNode.Location keyAt = location(parser.currentTokenLocation());
                    parser.nextToken();
                    YamlNode value = readValue(parser, child(path, key));
                    if (entries.containsKey(key)) {
                        problems.add(new ConfigProblem(file, keyAt.line(), keyAt.column(), child(path, key),
                                "duplicate key; it is already set on line " + keys.get(key).line()));
                        continue;
                    }
                    entries.put(key, value);
                    keys.put(key, keyAt);
                }
                return new YamlNode.Mapping(entries, keys, at, path);
            }
            case START_ARRAY: {
                List<YamlNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(parser, path + "[" + items.size() + "]"));
                }
                return new YamlNode.Sequence(items, at, path);
            }
            case VALUE_NULL:
                return new YamlNode.Null(at, path);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new YamlNode.Scalar(parser.getText(), YamlNode.Scalar.Kind.BOOLEAN, at, path);
            case VALUE_NUMBER_INT:
                return new YamlNode.Scalar(parser.getText(), YamlNode.Scalar.Kind.INTEGER, at, path);
            case VALUE_NUMBER_FLOAT:
                return new YamlNode.Scalar(parser.getText(), YamlNode.Scalar.Kind.DECIMAL, at, path);
            default:
                return new YamlNode.Scalar(parser.getText(), YamlNode.Scalar.Kind.STRING, at, path);
        }
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static YamlNode.Location location(JsonLocation at) {
        return at == null ? new YamlNode.Location(0, 0) : new YamlNode.Location(at.getLineNr(), at.getColumnNr());
    }

    private ConfigProblem problem(JsonLocation at, String path, String message) {
        YamlNode.Location l = location(at);
        return new ConfigProblem(file, Math.max(l.line(), 0), Math.max(l.column(), 0), path, message);
    }
}
