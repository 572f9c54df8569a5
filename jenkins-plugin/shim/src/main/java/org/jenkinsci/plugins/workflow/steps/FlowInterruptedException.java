package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Result;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import jenkins.model.CauseOfInterruption;

/**
 * Shim of workflow-step-api's {@code FlowInterruptedException}: a build or step was interrupted, with the result to
 * record and why. Its message is the causes' short descriptions, as in upstream.
 */
public final class FlowInterruptedException extends InterruptedException {

    private static final long serialVersionUID = 630482382622970136L;

    private final @NonNull Result result;
    private final @NonNull List<CauseOfInterruption> causes;
    private final boolean actualInterruption;

    /**
     * @param actualInterruption false when nothing was interrupted (e.g. a step failing the build with a result),
     *     which callers such as {@code retry} then do not treat as an abort
     */
    public FlowInterruptedException(@NonNull Result result, boolean actualInterruption,
            @NonNull CauseOfInterruption... causes) {
        this.result = result;
        this.causes = Arrays.asList(causes);
        this.actualInterruption = actualInterruption;
    }

    public @NonNull Result getResult() {
        return result;
    }

    public @NonNull List<CauseOfInterruption> getCauses() {
        return causes;
    }

    @Override
    public String getMessage() {
        return causes.stream().map(CauseOfInterruption::getShortDescription).collect(Collectors.joining(", "));
    }
}
