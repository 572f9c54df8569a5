package dev.rollgate.jenkins;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollgate.config.ApprovalSpec;
import dev.rollgate.gate.GateDecision;
import dev.rollgate.gate.GateResult;
import dev.rollgate.render.DecisionJson;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs {@code deploymentGate}: decides off the CPS thread, and when asked to wait for the window, waits durably —
 * the next decision time is kept as an absolute instant, no executor is held, and after a controller restart
 * {@link #onResume} re-arms for the time that is left.
 */
final class DeploymentGateExecution extends TimedStepExecution {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GateRequest request;
    /** When to decide again (epoch millis) while waiting for the window; 0 when not waiting. */
    private long decideAgainAt;
    private String waitingFor = "";
    private final ApprovalWait approval = new ApprovalWait();

    private transient List<GateResult> shown;

    DeploymentGateExecution(StepContext context, GateRequest request) {
        this(context, request, Clock.systemUTC(), Scheduler.TIMER);
    }

    /** Tests: a manual clock and scheduler. */
    DeploymentGateExecution(StepContext context, GateRequest request, Clock clock, Scheduler scheduler) {
        super(context, clock, scheduler);
        this.request = request;
    }

    @Override
    public boolean start() throws Exception {
        if (request.environment() == null || request.environment().isBlank()) {
            throw new AbortException("deploymentGate: environment is required, e.g. deploymentGate(environment: 'production')");
        }
        schedule(this::decide, 0);
        return false;
    }

    @Override
    public void onResume() {
        long wait = decideAgainAt == 0 ? 0 : Math.max(0, decideAgainAt - clock().millis());
        schedule(this::decide, wait);
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        cancelScheduled();
        fail(cause);
    }

    @Override
    public String getStatus() {
        if (approval.waiting()) {
            return approval.describe(request.environment());
        }
        return decideAgainAt == 0 ? "deciding the gates of " + request.environment()
                : "waiting for the deployment window of " + request.environment() + " (" + waitingFor + "), until "
                + Instant.ofEpochMilli(decideAgainAt);
    }

    /** One decision; off the CPS thread. */
    private void decide() {
        if (isCompleted()) {
            return;
        }
        try {
            StepContext ctx = getContext();
            TaskListener listener = ctx.get(TaskListener.class);
            PrintStream log = listener.getLogger();
            PolicyFile file = PolicyFile.load(ctx, "deploymentGate", request.config(), request.environment());
            Optional<RollgateAction> page = buildPage(ctx);
            GateDecision d = GateCheck.decide(file, GateCheck.facts(ctx), request, clock(),
                    GateCheck.approvals(page, file.environment().name()));
            page.ifPresent(p -> p.decided("deploymentGate", d, request));
            if (!d.gates().equals(shown)) {
                // Once per change: a wait for approvals decides again every few seconds.
                shown = d.gates();
                GateCheck.print(d, log);
            }
            if (!d.shouldDeploy() && request.waitForWindow() && d.passesAtNextWindow()) {
                Instant opens = d.nextWindow().orElseThrow().toInstant();
                decideAgainAt = opens.toEpochMilli();
                waitingFor = d.blocking().stream().map(g -> g.gate()).collect(Collectors.joining(", "));
                log.println(ConsoleLines.PREFIX + "waiting for the window: deciding again at " + opens
                        + "; no executor is held meanwhile");
                ctx.saveState();
                schedule(this::decide, decideAgainAt - clock().millis());
                return;
            }
            decideAgainAt = 0;
            Optional<ApprovalSpec> approvals = ApprovalWait.needed(d, file);
            if (approvals.isPresent() && page.isPresent()) {
                // Only approvals are missing: ask for them on the build page and decide again every few seconds.
                long now = clock().millis();
                if (approval.ask("deploymentGate", d, approvals.get(), page.get(),
                        BuildLinks.page(ctx.get(Run.class)), now, log)) {
                    ctx.saveState();
                }
                schedule(this::decide, approval.nextLook(now));
                return;
            }
            approval.done();
            if (!d.shouldDeploy() && request.failWhenBlocked()) {
                fail(new AbortException(GateCheck.blocked(d)));
                return;
            }
            succeed(JSON.readValue(DecisionJson.render(d), LinkedHashMap.class));
        } catch (IOException | InterruptedException | RuntimeException e) {
            fail(e); // off the CPS thread: whatever went wrong ends the step, never the timer
        }
    }
}
