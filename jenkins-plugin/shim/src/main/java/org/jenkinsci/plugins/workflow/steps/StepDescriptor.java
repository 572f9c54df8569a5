package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Descriptor;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * Shim of workflow-step-api's {@code StepDescriptor}: names a step for the Pipeline DSL and declares the context it
 * needs. {@link #getDisplayName()} is inherited from {@link Descriptor}.
 */
public abstract class StepDescriptor extends Descriptor<Step> {

    /** Context objects ({@code Run}, {@code TaskListener}, {@code FilePath}, ...) the step cannot run without. */
    public abstract Set<? extends Class<?>> getRequiredContext();

    /** Context objects a block step gives its body; none by default. */
    public Set<? extends Class<?>> getProvidedContext() {
        return Collections.emptySet();
    }

    /** The DSL name (this, not {@code @Symbol}, names a step). */
    public abstract String getFunctionName();

    public boolean takesImplicitBlockArgument() {
        return false;
    }

    /** Whether the Snippet Generator lists the step under "Advanced/Deprecated". */
    public boolean isAdvanced() {
        return false;
    }

    /**
     * The label shown for a call in the pipeline graph: a lone argument that is a {@link CharSequence},
     * {@link Number}, {@link Boolean} or {@link Enum}, as text; otherwise null. Override for a better label.
     */
    @CheckForNull
    public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
        if (namedArgs.size() == 1) {
            Object val = namedArgs.values().iterator().next();
            boolean plain = val instanceof CharSequence || val instanceof Number || val instanceof Boolean
                    || val instanceof Enum;
            return plain ? val.toString() : null;
        }
        return null;
    }
}
