package dev.rollgate.jenkins;

import dev.rollgate.config.RollgateConfig.NamedEnvironment;
import dev.rollgate.gate.DeploymentGate;
import dev.rollgate.gate.GateDecision;
import dev.rollgate.gate.PromotionHistory;
import dev.rollgate.model.Approval;
import dev.rollgate.model.DeploymentRequest;
import dev.rollgate.render.DecisionText;
import dev.rollgate.render.Escaping;
import hudson.EnvVars;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** The gate decision a step makes: the same as {@code rollgate gate}, with the request taken from the build. */
final class GateCheck {

    private GateCheck() {
    }

    /** The build's trigger, actor, ref, commit and CI status, from its causes and the Pipeline's environment. */
    static BuildFacts facts(StepContext ctx) throws IOException, InterruptedException {
        Run<?, ?> run = ctx.get(Run.class);
        TaskListener listener = ctx.get(TaskListener.class);
        // The Pipeline's environment (parameters, BRANCH_NAME, TAG_NAME, withEnv) as the step sees it.
        EnvVars vars = ctx.get(EnvVars.class);
        if (vars == null) {
            vars = run == null ? new EnvVars() : run.getEnvironment(listener);
        }
        return BuildFacts.of(run == null ? List.of() : run.getCauses(), vars, run == null ? null : run.getResult());
    }

    /** The approvals given on the build page for the environment; none without a page or a request. */
    static List<Approval> approvals(Optional<RollgateAction> page, String environment) {
        return page.flatMap(p -> p.approvalsFor(environment)).map(RollgateAction.ApprovalRequest::approvals)
                .orElse(List.of());
    }

    static GateDecision decide(PolicyFile file, BuildFacts facts, GateRequest request, Clock clock,
                               List<Approval> approvals) throws IOException {
        NamedEnvironment env = file.environment();
        PromotionHistory history = PromotionHistory.forEnvironment(env, file.stateDir());
        DeploymentGate gate = new DeploymentGate(Clock.tick(clock, Duration.ofSeconds(1)), file.directory(), history);
        DeploymentRequest r = DeploymentRequest.builder(env.name(), facts.trigger())
                .ref(facts.ref().orElse(null)).actor(facts.actor().orElse(null)).commit(facts.commit().orElse(null))
                .version(request.version()).reason(request.reason()).emergency(request.emergency())
                .skipTests(request.skipTests()).ciStatus(facts.ciStatus())
                .approvals(approvals)
                .build();
        return gate.decide(file.policy().service(), env, r);
    }

    /** The decision on the console as {@code rollgate gate} prints it: a line per gate, then the verdict. */
    static void print(GateDecision d, PrintStream log) {
        for (String line : DecisionText.render(d).split("\n")) {
            log.println(ConsoleLines.PREFIX + Escaping.singleLine(line));
        }
    }

    /** Why the deployment may not run: each blocking gate's reason, and when the next window opens. */
    static String blocked(GateDecision d) {
        return "deployment to " + d.environment() + " blocked: " + d.blocking().stream()
                .map(g -> g.gate() + ": " + Escaping.singleLine(g.reason()))
                .collect(Collectors.joining("; "))
                + d.nextWindow().map(t -> "; " + DecisionText.nextWindow(t, d)).orElse("");
    }
}
