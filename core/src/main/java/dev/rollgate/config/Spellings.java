package dev.rollgate.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the runbooks' spellings of a {@code rollout:} block as the canonical ones, before binding. Each rewrite
 * is recorded as a human "reading" (shown by {@code rollgate plan}), and every rewritten node keeps the location
 * and path it was written at, so errors still name the right line.
 *
 * <ul>
 *   <li>{@code strategy: blue-green} (or bluegreen, canary, rolling, recreate) means {@code strategy: {blueGreen: {}}};
 *       the keys {@code blue-green:} and {@code bluegreen:} mean {@code blueGreen:}.</li>
 *   <li>A canary step {@code {weight: 5, pause: 10m}} means {@code setWeight: 5} then {@code pause: {duration: 10m}};
 *       {@code pause: 10m} means {@code pause: {duration: 10m}}; {@code {weight: 5, pause: 10m, analysis: {...}}}
 *       means {@code setWeight: 5} then a blocking analysis lasting the pause.</li>
 *   <li>Flagger's {@code analysis.threshold: N} (roll back at the Nth failed check) means Argo's
 *       {@code failureLimit: N-1} (fail when failures exceed the limit).</li>
 * </ul>
 */
final class Spellings {

    /** The analysis interval when neither the step nor the template sets one; written out where it is used. */
    static final Duration DEFAULT_ANALYSIS_INTERVAL = Duration.ofMinutes(1);

    private static final Map<String, String> STRATEGY_NAMES = Map.of(
            "canary", "canary", "blue-green", "blueGreen", "bluegreen", "blueGreen", "blueGreen", "blueGreen",
            "rolling", "rolling", "recreate", "recreate", "multiRegion", "multiRegion");

    private final String file;
    private final List<ConfigProblem> problems;
    private final List<String> readings;
    private Optional<Duration> templateInterval = Optional.empty();

    private Spellings(String file, List<ConfigProblem> problems, List<String> readings) {
        this.file = file;
        this.problems = problems;
        this.readings = readings;
    }

    /**
     * Returns {@code rollout} with the runbook spellings rewritten; readings go to {@code readings}, impossible
     * spellings to {@code problems}. Anything that is not a mapping is returned as it is, for the binder to report.
     */
    static YamlNode readRollout(YamlNode rollout, String file, List<ConfigProblem> problems, List<String> readings) {
        if (!(rollout instanceof YamlNode.Mapping m)) {
            return rollout;
        }
        Spellings s = new Spellings(file, problems, readings);
        LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>(m.entries());
        YamlNode template = entries.get("analysis");
        if (template != null) {
            YamlNode read = s.analysis(template);
            entries.put("analysis", read);
            s.templateInterval = interval(read);
        }
        YamlNode strategy = entries.get("strategy");
        if (strategy != null) {
            entries.put("strategy", s.strategy(strategy));
        }
        return new YamlNode.Mapping(entries, m.keyLocations(), m.location(), m.path());
    }

    private YamlNode strategy(YamlNode node) {
        if (node instanceof YamlNode.Scalar scalar && scalar.kind() == YamlNode.Scalar.Kind.STRING) {
            String name = STRATEGY_NAMES.get(scalar.text().trim());
            if (name == null) {
                problems.add(new ConfigProblem(file, node.location().line(), node.location().column(), node.path(),
                        "unknown strategy \"" + scalar.text() + "\""
                                + RecordBinder.suggestion(scalar.text(), List.of("canary", "blueGreen", "blue-green",
                                "rolling", "recreate", "multiRegion"))));
                return new YamlNode.Null(node.location(), node.path()); // reported once, here
            }
            read(node, "strategy: " + scalar.text(), "strategy: {" + name + ": {}}");
            LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>();
            entries.put(name, emptyMapping(node, YamlReader.child(node.path(), name)));
            return new YamlNode.Mapping(entries, Map.of(name, node.location()), node.location(), node.path());
        }
        if (!(node instanceof YamlNode.Mapping m)) {
            return node;
        }
        LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, YamlNode.Location> keys = new HashMap<>();
        for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
            String key = e.getKey();
            YamlNode value = e.getValue();
            String canonical = key.equals("blue-green") || key.equals("bluegreen") ? "blueGreen" : key;
            if (!canonical.equals(key)) {
                read(m.keyLocations().get(key), value.path(), key + ":", canonical + ":");
                if (m.entries().containsKey(canonical)) {
                    YamlNode.Location at = m.keyLocations().get(key);
                    problems.add(new ConfigProblem(file, at.line(), at.column(), value.path(),
                            "blueGreen is set twice, as " + key + " and as blueGreen; keep one"));
                    continue;
                }
            }
            if (STRATEGY_NAMES.containsValue(canonical) && value instanceof YamlNode.Null) {
                // `recreate:` with nothing after it is a strategy without settings, not no strategy.
                value = emptyMapping(value, value.path());
            }
            if (canonical.equals("canary")) {
                value = canary(value);
            } else if (canonical.equals("blueGreen")) {
                value = rewrite(value, "prePromotionAnalysis", this::analysis);
                value = rewrite(value, "postPromotionAnalysis", this::analysis);
            } else if (canonical.equals("multiRegion")) {
                value = multiRegion(value);
            }
            entries.put(canonical, value);
            keys.put(canonical, m.keyLocations().get(key));
        }
        return new YamlNode.Mapping(entries, keys, m.location(), m.path());
    }

    private YamlNode multiRegion(YamlNode node) {
        YamlNode read = rewrite(node, "strategy", this::strategy);
        if (!(read instanceof YamlNode.Mapping m) || !(m.entries().get("regions") instanceof YamlNode.Sequence regions)) {
            return read;
        }
        List<YamlNode> items = new ArrayList<>();
        for (YamlNode region : regions.items()) {
            items.add(rewrite(region, "strategy", this::strategy));
        }
        return with(m, "regions", new YamlNode.Sequence(items, regions.location(), regions.path()));
    }

    private YamlNode canary(YamlNode node) {
        YamlNode read = rewrite(node, "analysis", this::analysis);
        if (!(read instanceof YamlNode.Mapping m) || !(m.entries().get("steps") instanceof YamlNode.Sequence steps)) {
            return read;
        }
        List<YamlNode> items = new ArrayList<>();
        for (YamlNode step : steps.items()) {
            items.addAll(step(step));
        }
        return with(m, "steps", new YamlNode.Sequence(items, steps.location(), steps.path()));
    }

    /** One written step as one or more canonical steps. */
    private List<YamlNode> step(YamlNode node) {
        if (!(node instanceof YamlNode.Mapping m)) {
            return List.of(node);
        }
        YamlNode weight = m.entries().get("weight");
        YamlNode pause = m.entries().get("pause");
        YamlNode analysis = m.entries().get("analysis");
        if (weight == null) {
            if (pause != null && !(pause instanceof YamlNode.Mapping)) {
                YamlNode canonical = pauseMapping(pause);
                if (pause instanceof YamlNode.Scalar s) {
                    read(node, "pause: " + s.text(), "pause: {duration: " + s.text() + "}");
                }
                return List.of(with(m, "pause", canonical));
            }
            return List.of(analysis == null ? node : with(m, "analysis", analysis(analysis)));
        }
        // The runbook form: {weight, pause, analysis}, possibly with setWeight written too (the binder reports it).
        List<String> others = new ArrayList<>(m.entries().keySet());
        others.removeAll(List.of("weight", "pause", "analysis"));
        if (!others.isEmpty()) {
            YamlNode.Location at = m.keyLocations().get(others.get(0));
            problems.add(new ConfigProblem(file, at.line(), at.column(), YamlReader.child(m.path(), others.get(0)),
                    "a step written with weight takes only weight, pause and analysis; write " + others.get(0)
                            + " as a step of its own"));
            return List.of();
        }
        List<YamlNode> steps = new ArrayList<>();
        steps.add(single(m, "setWeight", weight, m.keyLocations().get("weight")));
        String written = "{weight: " + text(weight) + (pause == null ? "" : ", pause: "
                + (pause instanceof YamlNode.Mapping ? pauseText(pause) : text(pause)))
                + (analysis == null ? "" : ", analysis: {...}") + "}";
        if (analysis == null) {
            if (pause != null) {
                steps.add(single(m, "pause", pauseMapping(pause), m.keyLocations().get("pause")));
                read(node, written, "setWeight: " + text(weight) + ", then pause: " + pauseText(pause));
            } else {
                read(node, written, "setWeight: " + text(weight));
            }
            return steps;
        }
        YamlNode read = analysis(analysis);
        if (pause == null) {
            steps.add(single(m, "analysis", read, m.keyLocations().get("analysis")));
            read(node, written, "setWeight: " + text(weight) + ", then a blocking analysis");
            return steps;
        }
        Optional<Duration> lasting = pauseDuration(pause).filter(d -> d instanceof YamlNode.Scalar)
                .flatMap(d -> parse((YamlNode.Scalar) d));
        if (lasting.isEmpty()) {
            problems.add(new ConfigProblem(file, pause.location().line(), pause.location().column(), pause.path(),
                    "with analysis, pause is how long the analysis runs: write a duration such as 10m"));
            return List.of();
        }
        if (!(read instanceof YamlNode.Mapping a)) {
            steps.add(single(m, "analysis", read, m.keyLocations().get("analysis"))); // the binder reports it
            return steps;
        }
        if (a.entries().containsKey("count")) {
            YamlNode.Location at = a.keyLocations().get("count");
            problems.add(new ConfigProblem(file, at.line(), at.column(), YamlReader.child(a.path(), "count"),
                    "the step's pause already says how long the analysis runs; remove count or the pause"));
            return List.of();
        }
        Optional<Duration> own = interval(a);
        Duration interval = own.or(() -> templateInterval).orElse(DEFAULT_ANALYSIS_INTERVAL);
        if (interval.isZero()) {
            return List.of(); // the analysis binding reports a zero interval
        }
        long count = (lasting.get().toSeconds() + interval.toSeconds() - 1) / interval.toSeconds();
        count = Math.max(1, count);
        LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>(a.entries());
        Map<String, YamlNode.Location> keys = new HashMap<>(a.keyLocations());
        YamlNode.Location at = pause.location();
        entries.put("count", new YamlNode.Scalar(Long.toString(count), YamlNode.Scalar.Kind.INTEGER, at, pause.path()));
        keys.put("count", at);
        String intervalFrom = own.isPresent() ? "the step's interval" : templateInterval.isPresent()
                ? "the template's interval" : "the default interval";
        if (own.isEmpty()) {
            // Written out: the step's count needs an interval beside it, and the analysis must last the pause
            // whatever default the analysis itself has.
            entries.put("interval", new YamlNode.Scalar(Durations.format(interval), YamlNode.Scalar.Kind.STRING, at,
                    pause.path()));
            keys.put("interval", at);
        }
        steps.add(single(m, "analysis", new YamlNode.Mapping(entries, keys, a.location(), a.path()),
                m.keyLocations().get("analysis")));
        read(node, written, "setWeight: " + text(weight) + ", then a blocking analysis lasting the pause: count "
                + count + " = " + Durations.format(lasting.get()) + " / " + intervalFrom + " "
                + Durations.format(interval) + ", rounded up");
        return steps;
    }

    /** Flagger's {@code threshold: N} read as Argo's {@code failureLimit: N-1}. */
    private YamlNode analysis(YamlNode node) {
        if (!(node instanceof YamlNode.Mapping m) || !m.entries().containsKey("threshold")) {
            return node;
        }
        YamlNode threshold = m.entries().get("threshold");
        YamlNode.Location at = m.keyLocations().get("threshold");
        if (m.entries().containsKey("failureLimit")) {
            problems.add(new ConfigProblem(file, at.line(), at.column(), threshold.path(),
                    "threshold and failureLimit say the same thing (threshold N is failureLimit N-1); keep one"));
            return without(m, "threshold"); // reported once, here
        }
        int n;
        try {
            n = threshold instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.INTEGER
                    ? Integer.parseInt(s.text()) : 0;
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1) {
            problems.add(new ConfigProblem(file, threshold.location().line(), threshold.location().column(),
                    threshold.path(), "threshold is the number of failed checks that rolls back: a whole number, "
                    + "at least 1"));
            return without(m, "threshold");
        }
        String limit = Integer.toString(n - 1);
        LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, YamlNode.Location> keys = new HashMap<>(m.keyLocations());
        m.entries().forEach((key, value) -> {
            if (key.equals("threshold")) {
                // failureLimit takes threshold's place, line and path: an error in it names what was written.
                entries.put("failureLimit", new YamlNode.Scalar(limit, YamlNode.Scalar.Kind.INTEGER,
                        value.location(), value.path()));
            } else {
                entries.put(key, value);
            }
        });
        keys.remove("threshold");
        keys.put("failureLimit", at);
        read(at, threshold.path(), "threshold: " + n, "failureLimit: " + (n - 1) + " (Flagger's threshold " + n
                + " rolls back at the " + ordinal(n) + " failed check; Argo's failureLimit L fails when more than L "
                + "checks fail, so threshold N is failureLimit N-1)");
        return new YamlNode.Mapping(entries, keys, m.location(), m.path());
    }

    private static String ordinal(int n) {
        String suffix = n % 100 >= 11 && n % 100 <= 13 ? "th"
                : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
        return n + suffix;
    }

    private YamlNode pauseMapping(YamlNode pause) {
        if (pause instanceof YamlNode.Mapping) {
            return pause; // already pause: {duration: 10m} or pause: {}
        }
        LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, YamlNode.Location> keys = new HashMap<>();
        if (!(pause instanceof YamlNode.Null)) {
            // pause: 10m is pause: {duration: 10m}; the duration keeps its own place and path.
            entries.put("duration", pause);
            keys.put("duration", pause.location());
        }
        return new YamlNode.Mapping(entries, keys, pause.location(), pause.path());
    }

    private static String pauseText(YamlNode pause) {
        Optional<YamlNode> duration = pauseDuration(pause);
        return duration.isEmpty() ? "{} (until promoted)" : "{duration: " + text(duration.get()) + "}";
    }

    /** The duration of a pause written {@code 10m} or {@code {duration: 10m}}; empty for one until promoted. */
    private static Optional<YamlNode> pauseDuration(YamlNode pause) {
        if (pause instanceof YamlNode.Mapping m) {
            return Optional.ofNullable(m.entries().get("duration")).filter(d -> !(d instanceof YamlNode.Null));
        }
        return pause instanceof YamlNode.Null ? Optional.empty() : Optional.of(pause);
    }

    private static YamlNode single(YamlNode.Mapping step, String key, YamlNode value, YamlNode.Location keyAt) {
        LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>();
        entries.put(key, value);
        return new YamlNode.Mapping(entries, Map.of(key, keyAt == null ? step.location() : keyAt), step.location(),
                step.path());
    }

    private static YamlNode emptyMapping(YamlNode at, String path) {
        return new YamlNode.Mapping(new LinkedHashMap<>(), Map.of(), at.location(), path);
    }

    private static YamlNode rewrite(YamlNode node, String key, java.util.function.UnaryOperator<YamlNode> how) {
        if (!(node instanceof YamlNode.Mapping m) || !m.entries().containsKey(key)) {
            return node;
        }
        return with(m, key, how.apply(m.entries().get(key)));
    }

    private static YamlNode.Mapping without(YamlNode.Mapping m, String key) {
        LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>(m.entries());
        entries.remove(key);
        return new YamlNode.Mapping(entries, m.keyLocations(), m.location(), m.path());
    }

    private static YamlNode.Mapping with(YamlNode.Mapping m, String key, YamlNode value) {
        LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>(m.entries());
        entries.put(key, value);
        return new YamlNode.Mapping(entries, m.keyLocations(), m.location(), m.path());
    }

    private static Optional<Duration> interval(YamlNode analysis) {
        if (analysis instanceof YamlNode.Mapping m && m.entries().get("interval") instanceof YamlNode.Scalar s) {
            return parse(s);
        }
        return Optional.empty();
    }

    private static Optional<Duration> parse(YamlNode.Scalar s) {
        try {
            return Optional.of(Durations.parse(s.text()));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // the binder reports it where it was written
        }
    }

    private static String text(YamlNode node) {
        return node instanceof YamlNode.Scalar s ? s.text() : YamlNode.describe(node);
    }

    private void read(YamlNode at, String written, String readAs) {
        read(at.location(), at.path(), written, readAs);
    }

    private void read(YamlNode.Location at, String path, String written, String readAs) {
        readings.add("line " + at.line() + ", " + relative(path) + ": " + written + " read as " + readAs);
    }

    /** The path below {@code rollout}, which is where a reader of the plan looks. */
    private static String relative(String path) {
        int i = path.indexOf("rollout.");
        return i < 0 ? path : path.substring(i + "rollout.".length());
    }
}
