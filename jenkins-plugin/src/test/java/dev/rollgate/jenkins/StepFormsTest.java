package dev.rollgate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What the Snippet Generator shows for each step: a {@code config.jelly} (found along the class hierarchy, as
 * Stapler looks views up) with an entry for every bound parameter, escaping on by default; a {@code help.html} for
 * the step and a {@code help-<parameter>.html} for every parameter; a display name and a DSL name from the
 * descriptor. The real build's Snippetizer round trips render them; this catches the missing pieces offline.
 */
class StepFormsTest {

    static final List<String> FUNCTION_NAMES = List.of("abortDeploy", "blueGreenDeploy", "canaryDeploy",
            "deploymentGate", "promoteDeploy", "rollbackDeploy", "rollingDeploy", "rolloutStatus");

    @Test
    void everyStepOfTheIssueIsThereWithItsDslName() throws Exception {
        List<String> names = new ArrayList<>();
        for (Class<? extends Step> step : steps()) {
            names.add(descriptor(step).getFunctionName());
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(FUNCTION_NAMES);
    }

    @Test
    void everyStepHasAFormHelpForEachParameterAndADisplayName() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Class<? extends Step> step : steps()) {
            String name = step.getSimpleName();
            Optional<String> jelly = resource(step, "config.jelly");
            if (jelly.isEmpty()) {
                problems.add(name + ": no config.jelly");
            } else if (!jelly.get().startsWith("<?jelly escape-by-default='true'?>")) {
                problems.add(name + ": config.jelly does not start with escape-by-default");
            }
            if (own(step, "help.html").isEmpty()) {
                problems.add(name + ": no help.html of its own");
            }
            for (String property : properties(step)) {
                if (jelly.isPresent() && !jelly.get().contains("field=\"" + property + "\"")) {
                    problems.add(name + ": config.jelly has no entry for " + property);
                }
                if (resource(step, "help-" + property + ".html").isEmpty()) {
                    problems.add(name + ": no help-" + property + ".html");
                }
            }
            String display = descriptor(step).getDisplayName();
            if (display == null || !display.startsWith("Rollgate: ")) {
                problems.add(name + ": display name " + display);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theCheckerSeesAMissingHelpFile() {
        assertThat(resource(CanaryDeployStep.class, "help-noSuchParameter.html")).isEmpty();
        assertThat(resource(CanaryDeployStep.class, "help-environment.html")).as("inherited from EnvironmentStep")
                .isPresent();
        assertThat(properties(CanaryDeployStep.class)).containsExactly("environment", "version", "config", "emergency",
                "reason", "skipTests", "waitForLockMinutes");
    }

    @SuppressWarnings("unchecked")
    static List<Class<? extends Step>> steps() {
        List<Class<? extends Step>> steps = new ArrayList<>();
        for (Class<?> c : SerialFormTest.pluginClasses()) {
            if (Step.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())) {
                steps.add((Class<? extends Step>) c);
            }
        }
        return steps;
    }

    /** The nested {@code DescriptorImpl}, made directly: {@code getDescriptor()} needs a running Jenkins. */
    static StepDescriptor descriptor(Class<? extends Step> step) throws Exception {
        Class<?> impl = Class.forName(step.getName() + "$DescriptorImpl");
        return (StepDescriptor) impl.getDeclaredConstructor().newInstance();
    }

    /** Constructor parameters, then setters (alphabetical), as the Snippet Generator binds them. */
    static List<String> properties(Class<?> step) {
        Set<String> out = new LinkedHashSet<>();
        for (Constructor<?> c : step.getConstructors()) {
            if (c.isAnnotationPresent(DataBoundConstructor.class)) {
                for (Parameter p : c.getParameters()) {
                    out.add(p.getName());
                }
            }
        }
        List<String> setters = new ArrayList<>();
        for (Method m : step.getMethods()) {
            if (m.isAnnotationPresent(DataBoundSetter.class) && m.getName().startsWith("set")) {
                setters.add(Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4));
            }
        }
        setters.sort(null);
        out.addAll(setters);
        return List.copyOf(out);
    }

    /** A view or help file of the class or, as Stapler looks them up, of a superclass. */
    static Optional<String> resource(Class<?> type, String file) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Optional<String> found = own(c, file);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    static Optional<String> own(Class<?> c, String file) {
        String path = c.getName().replace('.', '/').replace('$', '/') + "/" + file;
        try (InputStream in = c.getClassLoader().getResourceAsStream(path)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(path, e);
        }
    }
}
