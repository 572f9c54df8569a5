package dev.rollgate.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code rollgate.yaml}: the one loader every face (CLI, GitHub Action, Jenkins) uses. Either the whole
 * file is valid and a {@link RollgateConfig} comes back, or a {@link ConfigException} lists every problem.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * A configuration, how its non-canonical spellings were read per environment (e.g. "line 14,
     * strategy.canary.steps[1]: {weight: 5, pause: 10m} read as setWeight: 5, then pause: {duration: 10m}"), and
     * the file name problems are reported under.
     */
    public record Loaded(RollgateConfig config, Map<String, List<String>> readings, String file) {

        public Loaded {
            java.util.Objects.requireNonNull(config, "config");
            java.util.Objects.requireNonNull(file, "file");
            LinkedHashMap<String, List<String>> copy = new LinkedHashMap<>();
            readings.forEach((env, r) -> copy.put(env, List.copyOf(r)));
            readings = java.util.Collections.unmodifiableMap(copy);
        }

        /** The readings of one environment, by its declared name; empty when it used canonical spellings only. */
        public List<String> readings(String environment) {
            return readings.getOrDefault(environment, List.of());
        }
    }

    public static RollgateConfig load(Path file) throws ConfigException {
        return loadWithReadings(file).config();
    }

    /** Like {@link #load}, with how the file's runbook spellings were read. */
    public static Loaded loadWithReadings(Path file) throws ConfigException {
        String name = file.toString();
        String text;
        try {
            // A strict decoder: a file in another encoding is an error, not mojibake in a freeze reason.
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(new ConfigProblem(name, 0, 0, "", "file not found")));
        } catch (CharacterCodingException e) {
            throw new ConfigException(List.of(new ConfigProblem(name, 0, 0, "", "not UTF-8 text")));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(name, 0, 0, "", "cannot read: " + e.getMessage())));
        }
        return parseWithReadings(text, name);
    }

    /** Parses configuration text; {@code fileName} is only used in problems. */
    public static RollgateConfig parse(String text, String fileName) throws ConfigException {
        return parseWithReadings(text, fileName).config();
    }

    /** Like {@link #parse}, with how the text's runbook spellings were read. */
    public static Loaded parseWithReadings(String text, String fileName) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        YamlNode root = new YamlReader(fileName, problems).read(text);
        Object config = null;
        Map<String, List<String>> readings = new LinkedHashMap<>();
        if (root instanceof YamlNode.Null) {
            problems.add(new ConfigProblem(fileName, 1, 1, "", "the file is empty; it needs at least service and environments"));
        } else if (root != null) {
            YamlNode read = withSpellingsRead(withDefaultsMerged(root), fileName, problems, readings);
            config = new RecordBinder(fileName, problems).bind(read, RollgateConfig.class);
        }
        if (!problems.isEmpty()) {
            List<ConfigProblem> unique = new ArrayList<>(new LinkedHashSet<>(problems));
            unique.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
            throw new ConfigException(unique);
        }
        if (config == null) {
            throw new IllegalStateException("binding failed without a problem");
        }
        return new Loaded((RollgateConfig) config, readings, fileName);
    }

    /**
     * Rewrites the runbook spellings in every {@code rollout:} (see {@link Spellings}). Runs after the defaults
     * are merged, so each environment's readings include what it inherited; {@code defaults: rollout:} is read
     * too, only so that it binds.
     */
    private static YamlNode withSpellingsRead(YamlNode root, String file, List<ConfigProblem> problems,
                                              Map<String, List<String>> readings) {
        if (!(root instanceof YamlNode.Mapping doc)) {
            return root;
        }
        LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>(doc.entries());
        if (doc.entries().get("defaults") instanceof YamlNode.Mapping defaults
                && defaults.entries().containsKey("rollout")) {
            // Merged into each environment below, where its readings are kept; problems are kept once.
            entries.put("defaults", withRolloutRead(defaults, file, problems, new ArrayList<>()));
        }
        if (doc.entries().get("environments") instanceof YamlNode.Mapping environments) {
            LinkedHashMap<String, YamlNode> envs = new LinkedHashMap<>();
            environments.entries().forEach((name, env) -> {
                if (env instanceof YamlNode.Mapping m && m.entries().containsKey("rollout")) {
                    List<String> own = new ArrayList<>();
                    envs.put(name, withRolloutRead(m, file, problems, own));
                    if (!own.isEmpty()) {
                        readings.put(name, own);
                    }
                } else {
                    envs.put(name, env);
                }
            });
            entries.put("environments", new YamlNode.Mapping(envs, environments.keyLocations(),
                    environments.location(), environments.path()));
        }
        return new YamlNode.Mapping(entries, doc.keyLocations(), doc.location(), doc.path());
    }

    private static YamlNode.Mapping withRolloutRead(YamlNode.Mapping holder, String file, List<ConfigProblem> problems,
                                                    List<String> readings) {
        LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>(holder.entries());
        entries.put("rollout", Spellings.readRollout(holder.entries().get("rollout"), file, problems, readings));
        return new YamlNode.Mapping(entries, holder.keyLocations(), holder.location(), holder.path());
    }

    /**
     * Folds {@code defaults:} into every environment, key by key, and inside {@code gates:} gate by gate. Values
     * keep their own paths, so a mistake in {@code defaults:} is reported once, where it was written.
     */
    private static YamlNode withDefaultsMerged(YamlNode root) {
        if (!(root instanceof YamlNode.Mapping doc)
                || !(doc.entries().get("defaults") instanceof YamlNode.Mapping defaults)
                || !(doc.entries().get("environments") instanceof YamlNode.Mapping environments)) {
            return root;
        }
        LinkedHashMap<String, YamlNode> mergedEnvironments = new LinkedHashMap<>();
        environments.entries().forEach((name, env) -> {
            YamlNode own = env instanceof YamlNode.Null
                    ? new YamlNode.Mapping(new LinkedHashMap<>(), Map.of(), env.location(), env.path())
                    : env;
            mergedEnvironments.put(name, own instanceof YamlNode.Mapping m ? overlay(defaults, m, 0) : own);
        });
        LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>(doc.entries());
        entries.put("environments", new YamlNode.Mapping(mergedEnvironments, environments.keyLocations(),
                environments.location(), environments.path()));
        return new YamlNode.Mapping(entries, doc.keyLocations(), doc.location(), doc.path());
    }

    private static YamlNode.Mapping overlay(YamlNode.Mapping base, YamlNode.Mapping own, int depth) {
        LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, YamlNode.Location> keys = new HashMap<>(base.keyLocations());
        base.entries().forEach((key, value) -> {
            if (!key.equals("aliases")) { // aliases name one environment; never inherited
                entries.put(key, value);
            }
        });
        own.entries().forEach((key, value) -> {
            YamlNode inherited = entries.get(key);
            // gates: gate by gate; rollout: key by key (a strategy is replaced whole, not mixed).
            if (depth == 0 && (key.equals("gates") || key.equals("rollout")) && inherited instanceof YamlNode.Mapping b
                    && value instanceof YamlNode.Mapping o) {
                entries.put(key, overlay(b, o, depth + 1));
            } else {
                entries.put(key, value);
            }
        });
        keys.putAll(own.keyLocations());
        return new YamlNode.Mapping(entries, keys, own.location(), own.path());
    }
}
