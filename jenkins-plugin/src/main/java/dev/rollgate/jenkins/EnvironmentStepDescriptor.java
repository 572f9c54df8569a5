package dev.rollgate.jenkins;

import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What every Rollgate step's descriptor shares: the build and its log as the only required context (so a long
 * rollout holds no executor), and the Snippet Generator's checks of {@code environment} and {@code config}. The
 * policy file lives in a workspace the form cannot see, so the checks look at the text only; they still require
 * Configure permission on the job, as every check that answers a request should.
 */
public abstract class EnvironmentStepDescriptor extends StepDescriptor {

    /** An environment name or alias as rollgate.yaml can declare it, or a Groovy expression filling it in. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, TaskListener.class);
    }

    @POST
    public FormValidation doCheckEnvironment(@AncestorInPath Item item, @QueryParameter String value) {
        if (item == null) {
            return FormValidation.ok(); // the global Snippet Generator: no job, nothing to check against
        }
        item.checkPermission(Item.CONFIGURE);
        return checkEnvironment(value);
    }

    @POST
    public FormValidation doCheckConfig(@AncestorInPath Item item, @QueryParameter String value) {
        if (item == null) {
            return FormValidation.ok();
        }
        item.checkPermission(Item.CONFIGURE);
        return checkConfig(value);
    }

    static FormValidation checkEnvironment(String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            return FormValidation.error(Messages.EnvironmentStep_EnvironmentRequired());
        }
        if (v.contains("${") || v.startsWith("params.") || v.startsWith("env.")) {
            return FormValidation.ok(); // filled in when the Pipeline runs
        }
        if (!NAME.matcher(v).matches()) {
            return FormValidation.error(Messages.EnvironmentStep_EnvironmentInvalid(v));
        }
        return FormValidation.ok();
    }

    static FormValidation checkConfig(String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            return FormValidation.ok(Messages.EnvironmentStep_ConfigDefault());
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".yaml") && !lower.endsWith(".yml")) {
            return FormValidation.warning(Messages.EnvironmentStep_ConfigNotYaml(v));
        }
        if (("/" + v.replace('\\', '/') + "/").contains("/../")) {
            return FormValidation.warning(Messages.EnvironmentStep_ConfigOutsideWorkspace(v));
        }
        return FormValidation.ok();
    }
}
