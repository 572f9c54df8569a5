package dev.rollgate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The Snippet Generator, {@code config.jelly} and Pipeline's uninstantiation read every bound property back through
 * a public getter of the same name and type (jenkins.md section 5, data-binding test). Checked by reflection over
 * every compiled plugin class.
 */
class DataBindingTest {

    @Test
    void everyBoundPropertyOfThePluginHasAMatchingPublicGetter() {
        List<Class<?>> classes = SerialFormTest.pluginClasses();
        assertThat(classes).as("the plugin classes were found").contains(Scheduler.class);

        assertThat(violations(classes)).isEmpty();
    }

    @Test
    void acceptsGettersForConstructorParametersSettersAndSetterFields() {
        assertThat(violations(List.of(WellBound.class))).isEmpty();
    }

    @Test
    void reportsMissingAndMistypedGettersByProperty() {
        assertThat(violations(List.of(BadlyBound.class))).containsExactlyInAnyOrder(
                BadlyBound.class.getName() + ": constructor parameter 'credentialsId' (java.lang.String) has no public"
                        + " getCredentialsId()",
                BadlyBound.class.getName() + ": @DataBoundSetter setTimeoutMinutes 'timeoutMinutes' (int) has a"
                        + " getter getTimeoutMinutes() returning long",
                BadlyBound.class.getName() + ": @DataBoundSetter field 'regions' (java.util.List<java.lang.String>)"
                        + " has no public getRegions()",
                BadlyBound.class.getName() + ": @DataBoundConstructor must be public");
    }

    @Test
    void theFixturesWereCompiledWithParameterNames() {
        // Without -parameters Stapler sees arg0, arg1: every step argument would bind by the wrong name.
        assertThat(WellBound.class.getConstructors()[0].getParameters()).allMatch(Parameter::isNamePresent);
    }

    /** One line per bound property whose getter is missing or has another type, or whose parameter has no name. */
    static List<String> violations(Collection<Class<?>> classes) {
        List<String> out = new ArrayList<>();
        for (Class<?> c : classes) {
            for (Constructor<?> ctor : c.getDeclaredConstructors()) {
                if (!ctor.isAnnotationPresent(DataBoundConstructor.class)) {
                    continue;
                }
                if (!Modifier.isPublic(ctor.getModifiers())) {
                    out.add(c.getName() + ": @DataBoundConstructor must be public");
                }
                for (Parameter p : ctor.getParameters()) {
                    if (!p.isNamePresent()) {
                        out.add(c.getName() + ": constructor parameter " + p.getName()
                                + " has no name; compile with -parameters");
                    } else {
                        getter(c, p.getName(), p.getParameterizedType(), "constructor parameter", out);
                    }
                }
            }
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                for (Method m : k.getDeclaredMethods()) {
                    if (!m.isAnnotationPresent(DataBoundSetter.class)) {
                        continue;
                    }
                    String label = "@DataBoundSetter " + m.getName();
                    if (!Modifier.isPublic(m.getModifiers()) || m.getParameterCount() != 1
                            || !m.getName().startsWith("set") || m.getName().length() == 3) {
                        out.add(c.getName() + ": " + label + " must be a public setX(value) method");
                    } else {
                        getter(c, decapitalize(m.getName().substring(3)), m.getGenericParameterTypes()[0], label,
                                out);
                    }
                }
                for (Field f : k.getDeclaredFields()) {
                    if (f.isAnnotationPresent(DataBoundSetter.class)) {
                        getter(c, f.getName(), f.getGenericType(), "@DataBoundSetter field", out);
                    }
                }
            }
        }
        return out;
    }

    private static void getter(Class<?> c, String property, Type type, String label, List<String> out) {
        String what = c.getName() + ": " + label + " '" + property + "' (" + type.getTypeName() + ")";
        String suffix = property.substring(0, 1).toUpperCase(Locale.ROOT) + property.substring(1);
        Method getter = publicNoArg(c, "get" + suffix);
        if (getter == null && (type == boolean.class || type == Boolean.class)) {
            getter = publicNoArg(c, "is" + suffix);
        }
        if (getter == null) {
            out.add(what + " has no public get" + suffix + "()");
        } else if (!getter.getGenericReturnType().equals(type)) {
            out.add(what + " has a getter " + getter.getName() + "() returning "
                    + getter.getGenericReturnType().getTypeName());
        }
    }

    private static Method publicNoArg(Class<?> c, String name) {
        try {
            return c.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** As java.beans.Introspector: "URL" stays "URL", "Weight" becomes "weight". */
    private static String decapitalize(String name) {
        if (name.length() > 1 && Character.isUpperCase(name.charAt(0)) && Character.isUpperCase(name.charAt(1))) {
            return name;
        }
        return name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
    }

    // ---- fixtures ----

    public static final class WellBound {
        private final String environment;
        private final int weight;
        private boolean dryRun;

        @DataBoundSetter
        public List<String> regions = List.of();

        @DataBoundConstructor
        public WellBound(String environment, int weight) {
            this.environment = environment;
            this.weight = weight;
        }

        public String getEnvironment() {
            return environment;
        }

        public int getWeight() {
            return weight;
        }

        public boolean isDryRun() {
            return dryRun;
        }

        @DataBoundSetter
        public void setDryRun(boolean dryRun) {
            this.dryRun = dryRun;
        }

        public List<String> getRegions() {
            return regions;
        }
    }

    @SuppressWarnings("unused")
    public static final class BadlyBound {
        private final String environment;
        private final String credentialsId;
        private int timeoutMinutes;

        @DataBoundSetter
        List<String> regions = List.of();

        @DataBoundConstructor
        BadlyBound(String environment, String credentialsId) {
            this.environment = environment;
            this.credentialsId = credentialsId;
        }

        public String getEnvironment() {
            return environment;
        }

        public long getTimeoutMinutes() {
            return timeoutMinutes;
        }

        @DataBoundSetter
        public void setTimeoutMinutes(int timeoutMinutes) {
            this.timeoutMinutes = timeoutMinutes;
        }
    }
}
