package dev.rollgate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.util.FormValidation;
import org.junit.jupiter.api.Test;

/**
 * The Snippet Generator's checks of {@code environment} and {@code config}, as text. The Configure-permission check
 * in front of them needs a controller ({@code Item.checkPermission}) and is tested by the real build.
 */
class FormChecksTest {

    @Test
    void anEnvironmentIsRequiredAndMustBeANameTheConfigCanDeclare() {
        assertThat(EnvironmentStepDescriptor.checkEnvironment("production").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(EnvironmentStepDescriptor.checkEnvironment("eu-west_1.prod").kind).isEqualTo(FormValidation.Kind.OK);
        FormValidation blank = EnvironmentStepDescriptor.checkEnvironment("  ");
        assertThat(blank.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(blank.renderHtml()).contains("Required");
        FormValidation spaced = EnvironmentStepDescriptor.checkEnvironment("prod <b>");
        assertThat(spaced.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(spaced.renderHtml()).as("escaped, not markup").contains("prod &lt;b&gt; is not an environment name");
    }

    @Test
    void anEnvironmentFilledInByThePipelineIsNotJudgedByItsText() {
        assertThat(EnvironmentStepDescriptor.checkEnvironment("${params.DEPLOYMENT_ENVIRONMENT}").kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(EnvironmentStepDescriptor.checkEnvironment("params.DEPLOYMENT_ENVIRONMENT").kind)
                .isEqualTo(FormValidation.Kind.OK);
    }

    @Test
    void theConfigIsAYamlFileInTheWorkspace() {
        assertThat(EnvironmentStepDescriptor.checkConfig("").renderHtml()).contains("rollgate.yaml in the workspace");
        assertThat(EnvironmentStepDescriptor.checkConfig("deploy/rollgate.yml").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(EnvironmentStepDescriptor.checkConfig("/etc/rollgate/prod.yaml").kind).isEqualTo(FormValidation.Kind.OK);
        FormValidation json = EnvironmentStepDescriptor.checkConfig("rollgate.json");
        assertThat(json.kind).isEqualTo(FormValidation.Kind.WARNING);
        assertThat(json.renderHtml()).contains("does not end in .yaml or .yml");
        FormValidation outside = EnvironmentStepDescriptor.checkConfig("../other/rollgate.yaml");
        assertThat(outside.kind).isEqualTo(FormValidation.Kind.WARNING);
        assertThat(outside.renderHtml()).contains("leaves the workspace");
        assertThat(EnvironmentStepDescriptor.checkConfig("a..b/rollgate.yaml").kind).as("dots in a name are fine")
                .isEqualTo(FormValidation.Kind.OK);
    }
}
