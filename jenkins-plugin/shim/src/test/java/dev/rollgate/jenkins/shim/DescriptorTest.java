package dev.rollgate.jenkins.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.model.Describable;
import hudson.model.Descriptor;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;

/** The no-argument {@link Descriptor} constructor's three checks, as core makes them, and the step descriptor defaults. */
class DescriptorTest {

    /** The conventional shape: a step with a nested static {@code DescriptorImpl}. */
    static final class GoodStep extends Step {
        @Override
        public StepExecution start(StepContext context) {
            throw new UnsupportedOperationException();
        }

        static final class DescriptorImpl extends StepDescriptor {
            @Override
            public Set<? extends Class<?>> getRequiredContext() {
                return Set.of();
            }

            @Override
            public String getFunctionName() {
                return "good";
            }
        }
    }

    @Test
    void takesTheDescribedClassFromTheEnclosingClass() {
        GoodStep.DescriptorImpl descriptor = new GoodStep.DescriptorImpl();

        assertThat(descriptor.clazz).isEqualTo(GoodStep.class);
        assertThat(descriptor.getDisplayName()).as("defaults to the described class's simple name").isEqualTo("GoodStep");
        assertThat(descriptor.getProvidedContext()).isEmpty();
        assertThat(descriptor.takesImplicitBlockArgument()).isFalse();
        assertThat(descriptor.isAdvanced()).isFalse();
    }

    @Test
    void refusesADescriptorWithoutAnOuterClass() {
        assertThatThrownBy(TopLevelDescriptor::new)
                .isInstanceOf(AssertionError.class)
                .hasMessage(TopLevelDescriptor.class
                        + " doesn't have an outer class. Use the constructor that takes the Class object explicitly.");
    }

    /** Describes steps, but sits inside a class that is not a step. */
    static final class NotAStep {
        static final class DescriptorImpl extends StepDescriptor {
            @Override
            public Set<? extends Class<?>> getRequiredContext() {
                return Set.of();
            }

            @Override
            public String getFunctionName() {
                return "wrong";
            }
        }
    }

    @Test
    void refusesAnOuterClassThatIsNotTheDescribedType() {
        assertThatThrownBy(NotAStep.DescriptorImpl::new)
                .isInstanceOf(AssertionError.class)
                .hasMessage("Outer class " + NotAStep.class + " of " + NotAStep.DescriptorImpl.class + " is not assignable to "
                        + Step.class + ". Perhaps wrong outer class?");
    }

    /** A generic intermediate descriptor: the described type is found through the type variable. */
    abstract static class BaseDescriptor<X extends Describable<X>> extends Descriptor<X> {}

    static final class Widget implements Describable<Widget> {}

    static final class Gadget implements Describable<Gadget> {
        static final class DescriptorImpl extends BaseDescriptor<Widget> {}
    }

    @Test
    void resolvesTheDescribedTypeThroughGenericSuperclasses() {
        assertThatThrownBy(Gadget.DescriptorImpl::new)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Outer class " + Gadget.class)
                .hasMessageContaining("is not assignable to " + Widget.class);
    }

    /** Its getDescriptor() is narrowed to another descriptor type than the nested one. */
    static final class Narrowed implements Describable<Narrowed> {
        static class OtherDescriptor extends Descriptor<Narrowed> {
            OtherDescriptor() {
                super(Narrowed.class);
            }
        }

        @Override
        public OtherDescriptor getDescriptor() {
            return null;
        }

        static final class DescriptorImpl extends Descriptor<Narrowed> {}
    }

    @Test
    void refusesADescriptorThatGetDescriptorCouldNotReturn() {
        assertThatThrownBy(Narrowed.DescriptorImpl::new)
                .isInstanceOf(AssertionError.class)
                .hasMessage(Narrowed.DescriptorImpl.class + " must be assignable to " + Narrowed.OtherDescriptor.class);
    }

    /** A raw descriptor (core skips the type check) whose outer class has no getDescriptor() at all. */
    static final class NoGetDescriptor {
        @SuppressWarnings({"rawtypes", "unchecked"})
        static final class DescriptorImpl extends Descriptor {}
    }

    @Test
    void refusesAnOuterClassWithoutGetDescriptor() {
        assertThatThrownBy(NoGetDescriptor.DescriptorImpl::new)
                .isInstanceOf(AssertionError.class)
                .hasMessage(NoGetDescriptor.DescriptorImpl.class + " is missing getDescriptor method.")
                .hasCauseInstanceOf(NoSuchMethodException.class);
    }

    @Test
    void theExplicitConstructorChecksNothing() {
        Narrowed.OtherDescriptor descriptor = new Narrowed.OtherDescriptor();

        assertThat(descriptor.clazz).isEqualTo(Narrowed.class);
        assertThat(descriptor.getDisplayName()).isEqualTo("Narrowed");
    }

    @Test
    void argumentsToStringShowsALonePlainArgumentOnly() {
        GoodStep.DescriptorImpl descriptor = new GoodStep.DescriptorImpl();

        assertThat(descriptor.argumentsToString(Map.of("service", "web"))).isEqualTo("web");
        assertThat(descriptor.argumentsToString(Map.of("weight", 20))).isEqualTo("20");
        assertThat(descriptor.argumentsToString(Map.of("dryRun", true))).isEqualTo("true");
        assertThat(descriptor.argumentsToString(Map.of("unit", java.util.concurrent.TimeUnit.SECONDS))).isEqualTo("SECONDS");
        assertThat(descriptor.argumentsToString(Map.of("steps", java.util.List.of(10, 50)))).isNull();
        assertThat(descriptor.argumentsToString(Map.of("service", "web", "weight", 20))).isNull();
        assertThat(descriptor.argumentsToString(Map.of())).isNull();
    }
}

/** Not nested in anything: the no-argument constructor cannot know what it describes. */
final class TopLevelDescriptor extends Descriptor<DescriptorTest.Widget> {}
