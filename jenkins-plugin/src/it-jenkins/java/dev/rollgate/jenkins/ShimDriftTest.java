package dev.rollgate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollgate.jenkins.shim.MemberText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The drift guard of the offline build (jenkins.md section 5, "Member listing"). The offline build compiles the plugin
 * against {@code jenkins-plugin/shim}, whose every public and protected member is listed, one fact a line, in
 * {@code shim-members.txt} (jenkins-plugin/shim/src/test/resources, a test resource of this build; the line format
 * is in the file's header and {@code ShimMembersTest} writes it). This test reads that list and checks it against
 * the real Jenkins classes this build resolves from the BOM:
 * <ol>
 *   <li>every listed type exists, with the same declaration (modifiers, kind, type parameters and bounds), the same
 *       annotation retention and targets, and every listed supertype reachable (by assignability, and with the same
 *       type arguments where the line gives some);</li>
 *   <li>every listed field, constructor and method exists on the real type with the same generic signature,
 *       modifiers, checked exceptions, annotation default and deprecation; fields and methods may be inherited from
 *       any supertype, constructors must be the type's own. Lines ending {@code [shim-only]} (offline fixtures) are
 *       skipped. {@code synchronized}, {@code native}, {@code strictfp}, {@code transient} and {@code volatile} are
 *       ignored on both sides: they change no caller;</li>
 *   <li>{@code StepContext}, {@code StepExecution}, {@code Step}, {@code StepDescriptor} and {@code TaskListener} have
 *       no abstract method the list lacks: the offline build's fake {@code StepContext} and every step class
 *       implement exactly what the shim makes abstract, so a new abstract member upstream would compile offline and
 *       fail here. Abstract methods of the JDK and Guava (both builds use the real jars, e.g. Guava's
 *       {@code FutureCallback.onFailure}) need no line.</li>
 * </ol>
 * Uses nothing but reflection: it also runs against the shim itself, where every line must hold.
 */
class ShimDriftTest {

    static final String RESOURCE = "/shim-members.txt";

    /** The types whose abstract members a subclass in the plugin or its tests must implement. */
    static final List<String> IMPLEMENTED = List.of("org.jenkinsci.plugins.workflow.steps.StepContext",
            "org.jenkinsci.plugins.workflow.steps.StepExecution", "org.jenkinsci.plugins.workflow.steps.Step",
            "org.jenkinsci.plugins.workflow.steps.StepDescriptor", "hudson.model.TaskListener");

    /** Modifiers that change no caller, ignored in member lines. */
    static final int IGNORED_MODIFIERS = Modifier.SYNCHRONIZED | Modifier.NATIVE | Modifier.STRICT
            | Modifier.TRANSIENT | Modifier.VOLATILE;

    /** Packages both builds take from the same real jars. */
    static final List<String> SHARED_PACKAGES = List.of("java.", "javax.", "com.google.common.");

    @Test
    void everyListedMemberExistsInJenkinsWithTheSameSignature() throws IOException {
        Map<String, List<Line>> byType = listed();
        assertThat(byType).as("the list in " + RESOURCE).containsKeys(IMPLEMENTED.toArray(new String[0]));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<Line>> entry : byType.entrySet()) {
            problems.addAll(check(entry.getKey(), entry.getValue()));
        }
        assertThat(problems).as("the shim (jenkins-plugin/shim) no longer matches Jenkins; fix the shim, regenerate"
                + " shim-members.txt with ShimMembersTest and review the diff").isEmpty();
    }

    @Test
    void theImplementedTypesHaveNoAbstractMemberTheShimLacks() throws IOException {
        Map<String, List<Line>> byType = listed();
        List<String> problems = new ArrayList<>();
        for (String name : IMPLEMENTED) {
            Class<?> type = load(name);
            if (type == null) {
                problems.add(name + ": no such type");
                continue;
            }
            Set<String> listedMethods = new LinkedHashSet<>();
            for (Class<?> s : supertypes(type)) {
                for (Line l : byType.getOrDefault(s.getName(), List.of())) {
                    if (l.kind().equals("method")) {
                        listedMethods.add(normalize(l.text()));
                    }
                }
            }
            for (Method m : abstractMethods(type)) {
                String declaring = m.getDeclaringClass().getName();
                if (SHARED_PACKAGES.stream().anyMatch(declaring::startsWith)) {
                    continue;
                }
                String text = normalize(describe(m));
                if (!listedMethods.contains(text)) {
                    problems.add(name + " has the abstract method \"" + text + "\" (declared in " + declaring
                            + ") which shim-members.txt does not list: the shim's " + type.getSimpleName()
                            + " must declare it, and the fakes implement it");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    // ---- the list ----

    record Line(String type, String kind, String text, String raw) {}

    static Map<String, List<Line>> listed() throws IOException {
        Map<String, List<Line>> byType = new LinkedHashMap<>();
        try (InputStream in = ShimDriftTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE + " on the test classpath (the real POM adds shim/src/test/resources)")
                    .isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String raw = reader.readLine(); raw != null; raw = reader.readLine()) {
                if (raw.isBlank() || raw.startsWith("#") || raw.endsWith(" [shim-only]")) {
                    continue;
                }
                int space = raw.indexOf(' ');
                int colon = raw.indexOf(": ", space);
                assertThat(space > 0 && colon > space).as("a line of the form '<type> <kind>: <text>': " + raw).isTrue();
                Line line = new Line(raw.substring(0, space), raw.substring(space + 1, colon),
                        raw.substring(colon + 2), raw);
                byType.computeIfAbsent(line.type(), k -> new ArrayList<>()).add(line);
            }
        }
        assertThat(byType).as("lines in " + RESOURCE).isNotEmpty();
        return byType;
    }

    // ---- checking one type ----

    static List<String> check(String typeName, List<Line> lines) {
        List<String> problems = new ArrayList<>();
        Class<?> type = load(typeName);
        if (type == null) {
            problems.add(typeName + ": no such type in Jenkins");
            return problems;
        }
        Set<String> members = new LinkedHashSet<>();
        for (String m : memberLines(type)) {
            members.add(normalize(m));
        }
        Set<String> supertypes = resolvedSupertypes(type);
        for (Line line : lines) {
            String text = line.text();
            switch (line.kind()) {
                case "declaration":
                    String declaration = MemberText.deprecated(type) + declaration(type);
                    if (!declaration.equals(text)) {
                        problems.add(line.raw() + "\n    Jenkins: " + declaration);
                    }
                    break;
                case "extends":
                case "implements":
                    String raw = text.contains("<") ? text.substring(0, text.indexOf('<')) : text;
                    Class<?> superType = load(raw);
                    if (superType == null || !superType.isAssignableFrom(type)) {
                        problems.add(line.raw() + "\n    Jenkins: " + typeName + " is not a " + raw);
                    } else if (text.contains("<") && !supertypes.contains(text)) {
                        problems.add(line.raw() + "\n    Jenkins: reaches " + raw + " as " + supertypes.stream()
                                .filter(s -> s.startsWith(raw + "<")).collect(Collectors.joining(", ")));
                    }
                    break;
                case "retention":
                    Retention retention = type.getAnnotation(Retention.class);
                    String r = retention == null ? "CLASS (default)" : retention.value().toString();
                    if (!r.equals(text)) {
                        problems.add(line.raw() + "\n    Jenkins: " + r);
                    }
                    break;
                case "target":
                    Target target = type.getAnnotation(Target.class);
                    String t = target == null ? "(any declaration)"
                            : Arrays.stream(target.value()).map(Enum::name).sorted().toList().toString();
                    if (!t.equals(text)) {
                        problems.add(line.raw() + "\n    Jenkins: " + t);
                    }
                    break;
                case "field":
                case "constructor":
                case "method":
                    String wanted = line.kind() + ": " + normalize(text);
                    if (!members.contains(wanted)) {
                        problems.add(line.raw() + "\n    Jenkins: " + closest(members, line.kind(), text));
                    }
                    break;
                default:
                    problems.add(line.raw() + "\n    unknown kind '" + line.kind() + "'");
            }
        }
        return problems;
    }

    /** The real members of the same kind and name, to show next to a line that does not match. */
    private static String closest(Set<String> members, String kind, String text) {
        String name = memberName(text);
        List<String> same = members.stream().filter(m -> m.startsWith(kind + ": ")
                && memberName(m.substring(kind.length() + 2)).equals(name)).toList();
        List<String> shown = new ArrayList<>(same);
        members.stream().filter(m -> m.startsWith("unreadable: ")).forEach(shown::add);
        return shown.isEmpty() ? "no " + kind + " named " + name : String.join("\n             ", shown);
    }

    /** The name of a member in a line's text: the word before the parameter list, or the last word of a field. */
    private static String memberName(String text) {
        String head = text.contains("(") ? text.substring(0, text.indexOf('(')) : text;
        return head.substring(head.lastIndexOf(' ') + 1);
    }

    /** Drops the modifiers no caller sees, so the comparison is about signatures. */
    static String normalize(String text) {
        return text.replace("synchronized ", "").replace("native ", "").replace("strictfp ", "")
                .replace("transient ", "").replace("volatile ", "");
    }

    // ---- what Jenkins has, in the list's format ----

    /**
     * Every public and protected field and method of the type and its supertypes, and its own constructors, each
     * {@code kind: text} as ShimMembersTest writes them.
     */
    static List<String> memberLines(Class<?> type) {
        List<String> out = new ArrayList<>();
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (MemberText.visible(c.getModifiers()) && !c.isSynthetic()) {
                out.add("constructor: " + MemberText.constructor(c, IGNORED_MODIFIERS));
            }
        }
        for (Class<?> s : supertypes(type)) {
            try {
                for (Field f : s.getDeclaredFields()) {
                    if (MemberText.visible(f.getModifiers()) && !f.isSynthetic()) {
                        out.add("field: " + MemberText.field(f, IGNORED_MODIFIERS));
                    }
                }
                for (Method m : s.getDeclaredMethods()) {
                    if (MemberText.visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                        out.add("method: " + describe(m));
                    }
                }
            } catch (LinkageError e) {
                // A signature names a class missing from the test classpath; said next to any line not found.
                out.add("unreadable: the members of " + s.getName() + " (" + e + ")");
            }
        }
        return out;
    }

    static String describe(Method m) {
        return MemberText.method(m, IGNORED_MODIFIERS);
    }

    static String declaration(Class<?> type) {
        return MemberText.declaration(type);
    }

    // ---- supertypes and abstract methods ----

    /** The type, its superclasses and every interface it reaches, each once, nearest first. */
    static List<Class<?>> supertypes(Class<?> type) {
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> queue = new ArrayDeque<>(List.of(type));
        while (!queue.isEmpty()) {
            Class<?> c = queue.removeFirst();
            if (seen.add(c)) {
                if (c.getSuperclass() != null) {
                    queue.addLast(c.getSuperclass());
                }
                queue.addAll(Arrays.asList(c.getInterfaces()));
            }
        }
        return new ArrayList<>(seen);
    }

    /**
     * Every supertype the type reaches, written as {@link Type#getTypeName()} writes it, with the type arguments of
     * the path substituted: {@code Step} reaches {@code hudson.model.Describable<org...Step>} through
     * {@code AbstractDescribableImpl<Step>}. The type's own type variables stay variables.
     */
    static Set<String> resolvedSupertypes(Class<?> type) {
        Set<String> out = new TreeSet<>();
        walk(type, new HashMap<>(), out, new LinkedHashSet<>());
        return out;
    }

    private static void walk(Class<?> c, Map<TypeVariable<?>, Type> bindings, Set<String> out, Set<Class<?>> path) {
        if (!path.add(c)) {
            return;
        }
        List<Type> direct = new ArrayList<>();
        if (c.getGenericSuperclass() != null) {
            direct.add(c.getGenericSuperclass());
        }
        direct.addAll(Arrays.asList(c.getGenericInterfaces()));
        for (Type t : direct) {
            Class<?> raw;
            Map<TypeVariable<?>, Type> next = new HashMap<>();
            if (t instanceof ParameterizedType) {
                ParameterizedType p = (ParameterizedType) t;
                raw = (Class<?>) p.getRawType();
                Type[] args = p.getActualTypeArguments();
                TypeVariable<?>[] vars = raw.getTypeParameters();
                List<String> names = new ArrayList<>();
                for (int i = 0; i < args.length; i++) {
                    Type bound = substitute(args[i], bindings);
                    next.put(vars[i], bound);
                    names.add(bound.getTypeName());
                }
                out.add(raw.getName() + names.stream().collect(Collectors.joining(", ", "<", ">")));
            } else {
                raw = (Class<?>) t;
                out.add(raw.getName());
            }
            walk(raw, next, out, path);
        }
        path.remove(c);
    }

    private static Type substitute(Type t, Map<TypeVariable<?>, Type> bindings) {
        if (t instanceof TypeVariable && bindings.containsKey(t)) {
            return bindings.get(t);
        }
        return t;
    }

    /**
     * The methods a concrete subclass must implement: abstract methods of the type's classes not overridden by a
     * concrete one below them, and abstract interface methods no class of the chain and no default method
     * implements. Public and protected only, as a subclass in another package sees them.
     */
    static List<Method> abstractMethods(Class<?> type) {
        Map<String, Method> byClassChain = new LinkedHashMap<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (!Modifier.isStatic(m.getModifiers()) && !Modifier.isPrivate(m.getModifiers()) && !m.isSynthetic()
                        && !m.isBridge()) {
                    byClassChain.putIfAbsent(key(m), m);
                }
            }
        }
        Set<String> defaults = new LinkedHashSet<>();
        List<Method> interfaceAbstract = new ArrayList<>();
        for (Class<?> s : supertypes(type)) {
            if (!s.isInterface()) {
                continue;
            }
            for (Method m : s.getDeclaredMethods()) {
                if (m.isDefault()) {
                    defaults.add(key(m));
                } else if (Modifier.isAbstract(m.getModifiers()) && !m.isSynthetic()) {
                    interfaceAbstract.add(m);
                }
            }
        }
        Set<String> objectMethods = Arrays.stream(Object.class.getMethods()).map(ShimDriftTest::key)
                .collect(Collectors.toSet());
        Map<String, Method> out = new LinkedHashMap<>();
        for (Method m : byClassChain.values()) {
            if (Modifier.isAbstract(m.getModifiers()) && MemberText.visible(m.getModifiers())) {
                out.putIfAbsent(key(m), m);
            }
        }
        for (Method m : interfaceAbstract) {
            String key = key(m);
            boolean implemented = byClassChain.containsKey(key) || defaults.contains(key)
                    || (type.isInterface() && objectMethods.contains(key));
            if (!implemented) {
                out.putIfAbsent(key, m);
            }
        }
        return new ArrayList<>(out.values());
    }

    private static String key(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getName)
                .collect(Collectors.joining(",", "(", ")"));
    }

    static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ShimDriftTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
