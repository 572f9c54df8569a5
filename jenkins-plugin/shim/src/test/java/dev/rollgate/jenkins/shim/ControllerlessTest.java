package dev.rollgate.jenkins.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.model.Cause;
import hudson.model.Describable;
import hudson.model.Item;
import hudson.model.TaskListener;
import java.io.PrintStream;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;

/**
 * What needs a running controller throws {@link IllegalStateException} "Jenkins.instance is missing", as real core does
 * in a plain unit test, so a test that depends on it fails alike offline and in the real build.
 */
class ControllerlessTest {

    static final String MISSING = "Jenkins.instance is missing. Read the documentation of Jenkins.getInstanceOrNull to"
            + " see what you are doing wrong.";

    static final class Plain implements Describable<Plain> {}

    static final class SomeStep extends Step {
        @Override
        public StepExecution start(StepContext context) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void jenkinsGetThrowsCoresMessage() {
        assertThatThrownBy(Jenkins::get).isInstanceOf(IllegalStateException.class).hasMessage(MISSING);
    }

    @Test
    void describableGetDescriptorNeedsTheController() {
        assertThatThrownBy(() -> new Plain().getDescriptor())
                .isInstanceOf(IllegalStateException.class).hasMessage(MISSING);
        assertThatThrownBy(() -> new SomeStep().getDescriptor())
                .isInstanceOf(IllegalStateException.class).hasMessage(MISSING);
    }

    @Test
    void permissionChecksNeedTheController() {
        Item item = new Item() {};

        assertThatThrownBy(() -> item.checkPermission(Item.CONFIGURE))
                .isInstanceOf(IllegalStateException.class).hasMessage(MISSING);
        assertThatThrownBy(() -> item.hasPermission(Item.CONFIGURE))
                .isInstanceOf(IllegalStateException.class).hasMessage(MISSING);
        assertThat(Item.CONFIGURE.getId()).isEqualTo("hudson.model.Item.Configure");
        assertThat(Item.CONFIGURE).hasToString("Permission[interface hudson.model.Item,Configure]");
    }

    @Test
    void aRunsEnvironmentAndAUsersNameNeedTheController() {
        ModelTest.Build build = new ModelTest.Build(new ModelTest.Project("web"), 3);
        TaskListener listener = () -> new PrintStream(PrintStream.nullOutputStream());

        assertThatThrownBy(() -> build.getEnvironment(listener))
                .isInstanceOf(IllegalStateException.class).hasMessage(MISSING);
        assertThatThrownBy(() -> new Cause.UserIdCause("alice").getUserName())
                .isInstanceOf(IllegalStateException.class).hasMessage(MISSING);
        assertThat(new Cause.UserIdCause().getUserId()).as("nobody is logged in offline").isNull();
        assertThat(new Cause.UserIdCause(null).getShortDescription()).isEqualTo("Started by user anonymous");
    }
}
