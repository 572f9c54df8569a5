import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the Messages class of each Messages.properties, with the same API the Jenkins build's
 * localizer-maven-plugin generates ({@code Key_Name(args)} returning the text, {@code _Key_Name(args)} a
 * Localizable). The offline build uses this because that Maven plugin's dependencies are not on Maven Central.
 *
 * <p>Usage: java MessagesGenerator.java RESOURCES_DIR OUTPUT_DIR
 */
public class MessagesGenerator {

    private static final Pattern ARG = Pattern.compile("\\{(\\d+)");

    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args[0]);
        Path out = Path.of(args[1]);
        try (Stream<Path> files = Files.walk(resources)) {
            for (Path p : files.filter(f -> f.getFileName().toString().equals("Messages.properties")).toList()) {
                generate(resources, p, out);
            }
        }
    }

    private static void generate(Path resources, Path properties, Path out) throws IOException {
        Path dir = resources.relativize(properties.getParent());
        String pkg = dir.toString().replace('/', '.').replace('\\', '.');
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(properties, StandardCharsets.ISO_8859_1)) {
            p.load(r);
        }
        StringBuilder s = new StringBuilder();
        s.append("// Generated from ").append(dir.resolve("Messages.properties")).append(" by MessagesGenerator.java\n");
        s.append("package ").append(pkg).append(";\n\n");
        s.append("import org.jvnet.localizer.Localizable;\nimport org.jvnet.localizer.ResourceBundleHolder;\n\n");
        s.append("@SuppressWarnings({\"all\"})\npublic class Messages {\n\n");
        s.append("    private static final ResourceBundleHolder holder = ResourceBundleHolder.get(Messages.class);\n");
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            int n = arguments(p.getProperty(key));
            String method = key.replaceAll("[^A-Za-z0-9_]", "_");
            StringBuilder params = new StringBuilder();
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < n; i++) {
                params.append(i == 0 ? "" : ", ").append("Object arg").append(i);
                values.append(", arg").append(i);
            }
            s.append("\n    public static String ").append(method).append("(").append(params).append(") {\n")
                    .append("        return holder.format(\"").append(key).append("\"").append(values).append(");\n    }\n");
            s.append("\n    public static Localizable _").append(method).append("(").append(params).append(") {\n")
                    .append("        return new Localizable(holder, \"").append(key).append("\"").append(values)
                    .append(");\n    }\n");
        }
        s.append("}\n");
        Path target = out.resolve(dir).resolve("Messages.java");
        Files.createDirectories(target.getParent());
        Files.writeString(target, s.toString());
    }

    private static int arguments(String text) {
        int max = -1;
        Matcher m = ARG.matcher(text);
        while (m.find()) {
            max = Math.max(max, Integer.parseInt(m.group(1)));
        }
        return max + 1;
    }
}
