package dev.rollgate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.Secret;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;

/**
 * What a running step leaves in {@code program.dat} is a file format that must survive a controller restart
 * (jenkins.md section 3, rules 2 and 8, and section 5). Checked by reflection over every compiled plugin class, so
 * a new execution is covered without anyone adding it to a list.
 */
class SerialFormTest {

    /** Live objects a persisted execution must hold in {@code transient} fields and restore on resume. */
    private static final Map<Class<?>, String> LIVE = new LinkedHashMap<>();

    static {
        LIVE.put(Secret.class, "persist the credential id and resolve it on each tick (Jenkins pickles a Secret)");
        LIVE.put(Clock.class, "hold the clock transient and restore it in readResolve (rule 10)");
        LIVE.put(Scheduler.class, "hold the scheduler transient and restore it in readResolve (rule 10)");
        LIVE.put(Thread.class, "threads do not survive a restart");
        LIVE.put(Future.class, "hold the scheduled future transient and re-arm it in onResume (rule 4)");
        LIVE.put(TaskListener.class, "re-fetch it with getContext().get(TaskListener.class) on every tick (rule 2)");
        LIVE.put(Run.class, "re-fetch it with getContext().get(Run.class) on every tick (rule 2)");
        LIVE.put(Step.class, "copy what you need from the step and hold the step transient (rule 2)");
    }

    // ---- the plugin's own classes ----

    @Test
    void theScanFindsThePluginClasses() {
        // Guards against a scan of the wrong folder passing every other test vacuously.
        assertThat(pluginClasses()).contains(Scheduler.class);
    }

    @Test
    void everySerializablePluginClassDeclaresSerialVersionUid() {
        assertThat(missingSerialVersionUid(pluginClasses())).isEmpty();
    }

    @Test
    void stepExecutionsPersistOnlySmallSerializableFacts() {
        assertThat(persistedFieldViolations(pluginClasses())).isEmpty();
    }

    // ---- the checks themselves, on fixtures that break the rules ----

    @Test
    void findsEveryLiveObjectReachableFromAnExecution() {
        List<String> violations = persistedFieldViolations(List.of(LeakyExecution.class));

        assertThat(violations).anySatisfy(v -> assertThat(v).contains("LeakyExecution.clock").contains("Clock"))
                .anySatisfy(v -> assertThat(v).contains("LeakyExecution.scheduler").contains("Scheduler"))
                .anySatisfy(v -> assertThat(v).contains("LeakyExecution.task").contains("Future"))
                .anySatisfy(v -> assertThat(v).contains("LeakyExecution.onTick").contains("lambda"))
                .anySatisfy(v -> assertThat(v).contains("LeakyExecution.callback").contains("inner class"))
                .anySatisfy(v -> assertThat(v).contains("Facts.token").contains("Secret"))
                .anySatisfy(v -> assertThat(v).contains("Facts.worker").contains("Thread"))
                .anySatisfy(v -> assertThat(v).contains("Facts.listeners").contains("TaskListener"))
                .anySatisfy(v -> assertThat(v).contains("Facts.note").contains("java.util.Optional")
                        .contains("not Serializable"))
                .anySatisfy(v -> assertThat(v).contains("Callback.this$0").contains("enclosing"))
                .noneSatisfy(v -> assertThat(v).contains("rolloutId"));
    }

    @Test
    void acceptsTransientLiveObjectsAndStaticCallbacksCarryingAnId() {
        assertThat(persistedFieldViolations(List.of(TidyExecution.class))).isEmpty();
        assertThat(missingSerialVersionUid(List.of(TidyExecution.class, TidyExecution.Tick.class))).isEmpty();
    }

    @Test
    void findsASerializableClassWithoutSerialVersionUid() {
        assertThat(missingSerialVersionUid(List.of(LeakyExecution.class, TidyExecution.class, Scheduler.class)))
                .singleElement().asString().contains(LeakyExecution.class.getName());
    }

    @Test
    void riverRefusesWhatTheChecksReportNamingTheField() {
        try (FakeStepContext context = FakeStepContext.create()) {
            TidyExecution tidy = new TidyExecution(context, "canary-42", Instant.parse("2025-03-04T10:05:00Z"));
            TidyExecution copy = River.roundTrip(tidy);
            assertThat(copy.rolloutId).isEqualTo("canary-42");
            assertThat(copy.deadlineMillis).isEqualTo(tidy.deadlineMillis);
            assertThat(copy.clock).as("transient").isNull();
            assertThat(copy.getContext()).isEqualTo(context);

            assertThatThrownBy(() -> River.marshal(new LeakyExecution(context)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining(LeakyExecution.class.getName())
                    .hasMessageContaining("in field " + LeakyExecution.class.getName() + ".");
        }
    }

    // ---- scanning and checking ----

    /** Every class compiled from jenkins-plugin/src/main/java, found in the folder {@link Scheduler} was loaded from. */
    static List<Class<?>> pluginClasses() {
        Path root;
        try {
            root = Path.of(Scheduler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path pkg = root.resolve("dev/rollgate/jenkins");
        try (Stream<Path> files = Files.walk(pkg)) {
            return files.map(p -> root.relativize(p).toString())
                    .filter(name -> name.endsWith(".class") && !name.endsWith("-info.class"))
                    .sorted()
                    .<Class<?>>map(name -> load(name.substring(0, name.length() - ".class".length()).replace('/', '.')
                            .replace('\\', '.')))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the plugin classes under " + pkg, e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, SerialFormTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serializable classes (among {@code classes} and what their executions persist) without serialVersionUID. */
    static List<String> missingSerialVersionUid(Collection<Class<?>> classes) {
        Set<Class<?>> all = new LinkedHashSet<>(classes);
        all.addAll(persisted(classes, new ArrayList<>()));
        List<String> missing = new ArrayList<>();
        for (Class<?> c : all) {
            if (Serializable.class.isAssignableFrom(c) && !c.isInterface() && !c.isEnum() && !declaresUid(c)) {
                missing.add(c.getName() + " is Serializable but declares no private static final long"
                        + " serialVersionUID (its persisted form is a file format)");
            }
        }
        return missing;
    }

    private static boolean declaresUid(Class<?> c) {
        try {
            Field f = c.getDeclaredField("serialVersionUID");
            int m = f.getModifiers();
            return f.getType() == long.class && Modifier.isStatic(m) && Modifier.isFinal(m);
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    /** Every non-transient field, reachable from a step execution, that cannot or must not be persisted. */
    static List<String> persistedFieldViolations(Collection<Class<?>> classes) {
        List<String> violations = new ArrayList<>();
        persisted(classes, violations);
        return violations;
    }

    /** Walks from every StepExecution through non-transient field types in Rollgate's packages. */
    private static Set<Class<?>> persisted(Collection<Class<?>> classes, List<String> violations) {
        Deque<Class<?>> todo = new ArrayDeque<>();
        classes.stream().filter(StepExecution.class::isAssignableFrom).forEach(todo::add);
        Set<Class<?>> seen = new LinkedHashSet<>();
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (!seen.add(c) || c.isEnum()) {
                continue; // enums are written by name
            }
            for (Class<?> k = c; k != null && isRollgate(k); k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    int m = f.getModifiers();
                    if (Modifier.isStatic(m) || Modifier.isTransient(m)) {
                        continue;
                    }
                    String where = k.getName() + "." + f.getName();
                    if (f.isSynthetic()) {
                        violations.add(where + " captures the enclosing instance or a local variable: make "
                                + k.getSimpleName() + " a static nested class carrying an id (rule 8)");
                        continue;
                    }
                    for (Class<?> t : rawTypes(f.getGenericType())) {
                        check(where, t, violations);
                        if (isRollgate(t)) {
                            todo.add(t);
                            implementations(t, classes).forEach(todo::add);
                        }
                    }
                }
            }
        }
        seen.removeIf(c -> !isRollgate(c));
        return seen;
    }

    private static void check(String where, Class<?> t, List<String> violations) {
        int before = violations.size();
        LIVE.forEach((live, advice) -> {
            if (live.isAssignableFrom(t)) {
                violations.add(where + " persists a " + live.getName() + ": " + advice);
            }
        });
        if (violations.size() > before) {
            return; // one reason per field is enough
        }
        if (t.isAnonymousClass() || t.isLocalClass() || (t.isMemberClass() && !Modifier.isStatic(t.getModifiers()))) {
            violations.add(where + " is an inner class " + t.getName() + ": use a static nested class (rule 8)");
        }
        if (t.isInterface() && (t.isAnnotationPresent(FunctionalInterface.class) || t == Callable.class)) {
            violations.add(where + " has the functional type " + t.getName() + " and so may hold a lambda: use a"
                    + " static nested class carrying an id (rule 8)");
        }
        if (!t.isInterface() && !t.isPrimitive() && !t.isArray() && t != Object.class
                && !Serializable.class.isAssignableFrom(t)) {
            violations.add(where + " has the type " + t.getName() + ", which is not Serializable: River would fail"
                    + " to save the running step");
        }
    }

    /** The classes a field type names: itself, type arguments, bounds and array components. */
    private static Set<Class<?>> rawTypes(Type type) {
        Set<Class<?>> out = new LinkedHashSet<>();
        collect(type, out, new LinkedHashSet<>());
        return out;
    }

    private static void collect(Type type, Set<Class<?>> out, Set<Type> visiting) {
        if (!visiting.add(type)) {
            return; // recursive bounds such as <T extends Comparable<T>>
        }
        if (type instanceof Class<?> c) {
            if (c.isArray()) {
                collect(c.getComponentType(), out, visiting);
            } else {
                out.add(c);
            }
        } else if (type instanceof ParameterizedType p) {
            collect(p.getRawType(), out, visiting);
            for (Type a : p.getActualTypeArguments()) {
                collect(a, out, visiting);
            }
        } else if (type instanceof GenericArrayType g) {
            collect(g.getGenericComponentType(), out, visiting);
        } else if (type instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                collect(b, out, visiting);
            }
        } else if (type instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                collect(b, out, visiting);
            }
        }
    }

    /** For an abstract field type: its sealed subclasses and the scanned classes that implement it. */
    private static List<Class<?>> implementations(Class<?> t, Collection<Class<?>> classes) {
        if (!t.isInterface() && !Modifier.isAbstract(t.getModifiers())) {
            return List.of();
        }
        List<Class<?>> out = new ArrayList<>();
        if (t.isSealed()) {
            out.addAll(List.of(t.getPermittedSubclasses()));
        }
        classes.stream().filter(c -> c != t && t.isAssignableFrom(c)).forEach(out::add);
        return out;
    }

    private static boolean isRollgate(Class<?> c) {
        return c.getName().startsWith("dev.rollgate.");
    }

    // ---- fixtures ----

    /** Breaks every rule once (and declares no serialVersionUID). */
    @SuppressWarnings({"serial", "unused"})
    static final class LeakyExecution extends StepExecution {
        private final String rolloutId = "canary-1";
        private final Clock clock = new ManualClock(Instant.EPOCH);
        private final Scheduler scheduler = new ManualScheduler();
        private Future<?> task;
        private Runnable onTick = () -> { };
        private final Callback callback = new Callback();
        private final Facts facts = new Facts();

        LeakyExecution(StepContext context) {
            super(context);
        }

        @Override
        public boolean start() {
            return false;
        }

        final class Callback implements Serializable {
            private static final long serialVersionUID = 1L;
        }
    }

    /** Persisted by {@link LeakyExecution}: breaks the rules one level down. */
    @SuppressWarnings({"serial", "unused"})
    static final class Facts implements Serializable {
        private static final long serialVersionUID = 1L;
        private Secret token;
        private Thread worker;
        private List<TaskListener> listeners;
        private java.util.Optional<String> note;
    }

    /** What the rules ask for: small facts persisted, live objects transient, callbacks static with an id. */
    static final class TidyExecution extends StepExecution {
        private static final long serialVersionUID = 1L;
        final String rolloutId;
        final long deadlineMillis;
        private final Tick tick;
        transient Clock clock = new ManualClock(Instant.EPOCH);
        private transient Scheduler scheduler = new ManualScheduler();
        private transient volatile Future<?> task;

        TidyExecution(StepContext context, String rolloutId, Instant deadline) {
            super(context);
            this.rolloutId = rolloutId;
            this.deadlineMillis = deadline.toEpochMilli();
            this.tick = new Tick(rolloutId);
        }

        @Override
        public boolean start() {
            return false;
        }

        static final class Tick implements Serializable {
            private static final long serialVersionUID = 1L;
            private final String rolloutId;

            Tick(String rolloutId) {
                this.rolloutId = rolloutId;
            }
        }
    }
}
