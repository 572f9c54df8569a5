package dev.rollgate.action;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a step's log the way the GitHub Actions runner does (actions/runner {@code ProcessInvoker.ReadLine},
 * {@code OutputManager.OnDataReceived}, {@code ActionCommand.TryParseV2}/{@code TryParse},
 * {@code ActionCommandManager.TryProcessCommand}) and reports the commands it would run.
 *
 * <ul>
 *   <li>Lines end at {@code \r}, {@code \n} or {@code \r\n}. Only lines holding {@code ::} or {@code ##[} are looked
 *       at.
 *   <li>{@code ::name k=v,k=v::data} after leading whitespace, or else {@code ##[name k=v;k=v]data} anywhere in the
 *       line; the name must be a registered command (ignoring case), or the line is plain output.
 *   <li>{@code ::stop-commands::TOKEN} stops all processing until a command named TOKEN (either syntax, ignoring
 *       case); an empty token, a command name or {@code pause-logging} is refused and stops nothing.
 *   <li>Data and properties are unescaped with the runner's tables, in the runner's order.
 * </ul>
 * Searches are ordinal here; see {@link WorkflowCommands#mayHoldCommand} for why Rollgate does not rely on that.
 */
final class RunnerLog {

    /** Commands the runner registers (ActionCommandManager's extensions), plus stop-commands. */
    static final Set<String> REGISTERED = Set.of("set-env", "set-output", "save-state", "add-mask", "add-path",
            "add-matcher", "remove-matcher", "debug", "warning", "error", "notice", "group", "endgroup", "echo",
            "stop-commands");

    /** A command the runner would run. Property names ignore case, as the runner's dictionary does. */
    record Command(String name, Map<String, String> properties, String data) {

        String property(String key) {
            return properties.get(key);
        }
    }

    /**
     * What the runner made of a log.
     *
     * @param commands the commands run, in order, without the stop-commands and resume lines
     * @param stopTokens the tokens of every stop-commands that took effect
     * @param output the lines shown as plain output (not taken as a command)
     * @param stoppedAtEnd whether command processing was still stopped after the last line
     */
    record Result(List<Command> commands, List<String> stopTokens, List<String> output, boolean stoppedAtEnd) {

        List<Command> named(String name) {
            return commands.stream().filter(c -> c.name().equalsIgnoreCase(name)).toList();
        }
    }

    private final Set<String> registered = new HashSet<>(REGISTERED);
    private final List<Command> commands = new ArrayList<>();
    private final List<String> stopTokens = new ArrayList<>();
    private final List<String> output = new ArrayList<>();
    private String stopToken;

    private RunnerLog() {
    }

    static Result parse(String log) {
        RunnerLog runner = new RunnerLog();
        for (String line : lines(log)) {
            if (!runner.process(line)) {
                runner.output.add(line);
            }
        }
        return new Result(List.copyOf(runner.commands), List.copyOf(runner.stopTokens), List.copyOf(runner.output),
                runner.stopToken != null);
    }

    /** ProcessInvoker's line reading: a line ends at \r, \n or \r\n; text after the last break is a line too. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                lines.add(line.toString());
                line.setLength(0);
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else {
                line.append(c);
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** TryProcessCommand: true when the line was taken as a command (and so is not plain output). */
    private boolean process(String line) {
        if (line.isEmpty() || !(line.contains("##[") || line.contains("::"))) {
            return false;
        }
        Command command = parseV2(line);
        if (command == null) {
            command = parseLegacy(line);
        }
        if (command == null) {
            return false;
        }
        if (stopToken != null) {
            if (command.name().equalsIgnoreCase(stopToken)) {
                registered.remove(stopToken.toLowerCase(Locale.ROOT));
                stopToken = null;
                return true;
            }
            return false;
        }
        if (command.name().equalsIgnoreCase("stop-commands")) {
            String token = command.data();
            boolean refused = token.isEmpty() || REGISTERED.contains(token.toLowerCase(Locale.ROOT))
                    || token.equalsIgnoreCase("pause-logging");
            if (refused) {
                commands.add(command); // the runner fails the step over it and keeps processing
                return true;
            }
            stopToken = token;
            stopTokens.add(token);
            registered.add(token.toLowerCase(Locale.ROOT));
            return true;
        }
        commands.add(command);
        return true;
    }

    private boolean isRegistered(String name) {
        return registered.contains(name.toLowerCase(Locale.ROOT));
    }

    /** ActionCommand.TryParseV2. */
    private Command parseV2(String line) {
        String message = trimStart(line);
        if (!message.startsWith("::")) {
            return null;
        }
        int end = message.indexOf("::", 2);
        if (end < 0) {
            return null;
        }
        String info = message.substring(2, end);
        int space = info.indexOf(' ');
        String name = space < 0 ? info : info.substring(0, space);
        if (!isRegistered(name)) {
            return null;
        }
        Map<String, String> properties = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (space > 0) {
            for (String property : trim(info.substring(space + 1)).split(",")) {
                if (property.isEmpty()) {
                    continue;
                }
                String[] pair = splitTwoRemovingEmpty(property, '=');
                if (pair.length == 2) {
                    properties.put(pair[0], unescape(pair[1], PROPERTY));
                }
            }
        }
        return new Command(name, Collections.unmodifiableMap(properties),
                unescape(message.substring(end + 2), DATA));
    }

    /** ActionCommand.TryParse: the legacy form, found anywhere in the line. */
    private Command parseLegacy(String line) {
        int prefix = line.indexOf("##[");
        if (prefix < 0) {
            return null;
        }
        int bracket = line.indexOf(']', prefix);
        if (bracket < 0) {
            return null;
        }
        String info = line.substring(prefix + 3, bracket);
        int space = info.indexOf(' ');
        String name = space < 0 ? info : info.substring(0, space);
        if (!isRegistered(name)) {
            return null;
        }
        Map<String, String> properties = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (space > 0) {
            for (String property : info.substring(space + 1).split(";")) {
                if (property.isEmpty()) {
                    continue;
                }
                String[] pair = splitTwoRemovingEmpty(property, '=');
                if (pair.length == 2) {
                    properties.put(pair[0], unescape(pair[1], LEGACY));
                }
            }
        }
        return new Command(name, Collections.unmodifiableMap(properties),
                unescape(line.substring(bracket + 1), LEGACY));
    }

    /** Escape tables as {token, replacement}, in the runner's order of replacement. */
    private static final String[][] LEGACY = {{";", "%3B"}, {"\r", "%0D"}, {"\n", "%0A"}, {"]", "%5D"}, {"%", "%25"}};
    private static final String[][] DATA = {{"\r", "%0D"}, {"\n", "%0A"}, {"%", "%25"}};
    private static final String[][] PROPERTY = {{"\r", "%0D"}, {"\n", "%0A"}, {":", "%3A"}, {",", "%2C"},
        {"%", "%25"}};

    private static String unescape(String escaped, String[][] table) {
        String s = escaped;
        for (String[] mapping : table) {
            s = s.replace(mapping[1], mapping[0]);
        }
        return s;
    }

    /**
     * .NET Core's {@code s.Split(sep, 2, StringSplitOptions.RemoveEmptyEntries)}: empty pieces are dropped, and
     * separators right after the first piece are skipped, so {@code "a==b"} gives {@code ["a", "b"]}.
     */
    static String[] splitTwoRemovingEmpty(String s, char separator) {
        List<String> parts = new ArrayList<>();
        int current = 0;
        int i = s.indexOf(separator);
        while (i >= 0) {
            if (i > current) {
                parts.add(s.substring(current, i));
            }
            current = i + 1;
            if (parts.size() == 1) {
                while (current < s.length() && s.charAt(current) == separator) {
                    current++;
                }
                break;
            }
            i = s.indexOf(separator, current);
        }
        if (current < s.length()) {
            parts.add(s.substring(current));
        }
        return parts.toArray(String[]::new);
    }

    /** .NET's TrimStart(): removes char.IsWhiteSpace characters. */
    private static String trimStart(String s) {
        int i = 0;
        while (i < s.length() && isDotNetWhiteSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    /** .NET's Trim(). */
    private static String trim(String s) {
        int end = s.length();
        while (end > 0 && isDotNetWhiteSpace(s.charAt(end - 1))) {
            end--;
        }
        return trimStart(s.substring(0, end));
    }

    private static boolean isDotNetWhiteSpace(char c) {
        return Character.isSpaceChar(c) || c >= '\t' && c <= '\r' || c == '\u0085';
    }
}
