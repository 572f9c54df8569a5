package dev.rollgate.jenkins;

import dev.rollgate.driver.DeployException;
import dev.rollgate.driver.Deployer;
import dev.rollgate.gate.GateDecision;
import dev.rollgate.model.Approval;
import dev.rollgate.render.Escaping;
import dev.rollgate.rollout.Command;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.User;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * Rollgate on a build's page ({@code summary.jelly}, URL {@code rollgate/}): the gate decisions of this build's
 * steps, the rollouts they run,
 * with Promote and Abort while one runs, and the approvals its gates wait for, with Approve. Every web method takes
 * POST only and needs Build permission on the job; an approver must also be in a group the policy names as a role.
 * The buttons write a command into the rollout's state store, as {@code rollgate promote} does, and the step's next
 * round (within a second) acts on it; so they work the same after a controller restart.
 */
public final class RollgateAction implements RunAction2 {

    private final List<DecisionEntry> decisions = new CopyOnWriteArrayList<>();
    private final List<RolloutEntry> rollouts = new CopyOnWriteArrayList<>();
    private final List<ApprovalRequest> approvals = new CopyOnWriteArrayList<>();
    private transient Run<?, ?> run;

    /** The build's action, added on first use. */
    static RollgateAction of(Run<?, ?> run) {
        synchronized (run) {
            RollgateAction a = run.getAction(RollgateAction.class);
            if (a == null) {
                a = new RollgateAction();
                run.addAction(a);
            }
            return a;
        }
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        run = r;
    }

    @Override
    public String getIconFileName() {
        return null; // shown in the build's summary, not as a side-panel page
    }

    @Override
    public String getDisplayName() {
        return "Rollgate";
    }

    @Override
    public String getUrlName() {
        return "rollgate";
    }

    /** The gate decisions of this build's steps, latest per environment and step. */
    public List<DecisionEntry> getDecisions() {
        return List.copyOf(decisions);
    }

    /** Records (or replaces) the decision a step of this build made for the environment, with its inputs. */
    void decided(String step, GateDecision d, GateRequest inputs) {
        synchronized (decisions) {
            decisions.removeIf(e -> e.step.equals(step) && e.environment.equals(d.environment()));
            decisions.add(new DecisionEntry(step, d, inputs));
        }
    }

    /** The decision this build's {@code deploymentGate} made for the environment, if it allowed the deployment. */
    Optional<DecisionEntry> passedGate(String environment) {
        return decisions.stream().filter(e -> e.step.equals("deploymentGate") && e.environment.equals(environment)
                && e.shouldDeploy).findFirst();
    }

    public List<RolloutEntry> getRollouts() {
        return List.copyOf(rollouts);
    }

    public List<ApprovalRequest> getApprovals() {
        return List.copyOf(approvals);
    }

    /** The entry of a rollout step of this build for the environment, added when the step starts. */
    RolloutEntry rollout(String environment, String configFile, String step) {
        synchronized (rollouts) {
            for (RolloutEntry e : rollouts) {
                if (e.environment.equals(environment) && e.step.equals(step)) {
                    return e;
                }
            }
            RolloutEntry e = new RolloutEntry(environment, configFile, step);
            rollouts.add(e);
            return e;
        }
    }

    /** The approvals the environment's gate collects on this build's page. */
    ApprovalRequest approvalRequest(String environment, List<String> roles, int required) {
        synchronized (approvals) {
            for (ApprovalRequest a : approvals) {
                if (a.environment.equals(environment)) {
                    return a;
                }
            }
            ApprovalRequest a = new ApprovalRequest(environment, roles, required);
            approvals.add(a);
            return a;
        }
    }

    Optional<ApprovalRequest> approvalsFor(String environment) {
        return approvals.stream().filter(a -> a.environment.equals(environment)).findFirst();
    }

    // ---- web methods: POST, Build permission -----------------------------------------------------------------

    @RequirePOST
    public HttpResponse doPromote(@QueryParameter String environment) throws IOException {
        return command(environment, Command.Kind.PROMOTE);
    }

    @RequirePOST
    public HttpResponse doAbort(@QueryParameter String environment) throws IOException {
        return command(environment, Command.Kind.ABORT);
    }

    @RequirePOST
    public HttpResponse doApprove(@QueryParameter String environment) throws IOException {
        run.getParent().checkPermission(Item.BUILD);
        User user = User.current();
        if (user == null) {
            return HttpResponses.errorWithoutStack(403, "log in to approve");
        }
        ApprovalRequest request = approvalsFor(environment).orElse(null);
        if (request == null) {
            return HttpResponses.errorWithoutStack(404, "no approval requested for " + environment);
        }
        try {
            request.approve(user.getId(), user.getAuthorities(), Instant.now());
        } catch (IllegalArgumentException e) {
            return HttpResponses.errorWithoutStack(403, e.getMessage());
        }
        run.save();
        return HttpResponses.redirectTo("..");
    }

    private HttpResponse command(String environment, Command.Kind kind) throws IOException {
        run.getParent().checkPermission(Item.BUILD);
        User user = User.current();
        String by = user == null ? "anonymous" : user.getId();
        Optional<RolloutEntry> entry = rollouts.stream().filter(e -> e.environment.equals(environment) && e.isRunning())
                .findFirst();
        if (entry.isEmpty()) {
            return HttpResponses.errorWithoutStack(404, "no rollout of " + environment + " runs in this build");
        }
        try {
            entry.get().command(kind, "jenkins: " + by + " on " + run.getFullDisplayName());
        } catch (DeployException e) {
            return HttpResponses.errorWithoutStack(409, e.getMessage());
        }
        return HttpResponses.redirectTo("..");
    }

    /** A gate decision as the build page shows it: the verdict, then one line per gate. */
    public static final class DecisionEntry {

        private final String step;
        private final String environment;
        private final String verdict;
        private final List<String> gates;
        private final boolean shouldDeploy;
        private final String reason;
        private final boolean emergency;
        private final boolean skipTests;

        DecisionEntry(String step, GateDecision d, GateRequest inputs) {
            this.step = step;
            this.environment = d.environment();
            this.shouldDeploy = d.shouldDeploy();
            this.reason = inputs.reason();
            this.emergency = inputs.emergency();
            this.skipTests = inputs.skipTests();
            this.verdict = d.shouldDeploy() ? "deploy (" + d.deploymentType().wireName() + ")" : "blocked"
                    + d.nextWindow().map(t -> "; next window " + t.toOffsetDateTime()).orElse("");
            this.gates = d.gates().stream().map(g -> g.gate() + ": " + g.result().wireName()
                    + " - " + Escaping.singleLine(g.reason())).toList();
        }

        public String getStep() {
            return step;
        }

        public String getEnvironment() {
            return environment;
        }

        public String getVerdict() {
            return verdict;
        }

        public List<String> getGates() {
            return List.copyOf(gates); // build.xml may give back a mutable list
        }

        /** {@code request} with the reason, emergency and skipTests this decision was made with. */
        GateRequest applyTo(GateRequest request) {
            return request.withPersonInputs(reason, emergency, skipTests);
        }
    }

    /** A rollout a step of this build runs: what the page shows, and where its commands go. */
    public static final class RolloutEntry {

        private final String environment;
        private final String configFile;
        private final String step;
        private volatile String status = "starting";
        private volatile boolean running = true;
        private volatile boolean waitingForPerson;

        RolloutEntry(String environment, String configFile, String step) {
            this.environment = environment;
            this.configFile = configFile;
            this.step = step;
        }

        public String getEnvironment() {
            return environment;
        }

        public String getStep() {
            return step;
        }

        /** One line: step, traffic split, phase or what it waits for. */
        public String getStatus() {
            return status;
        }

        public boolean isRunning() {
            return running;
        }

        /** A pause without a duration: Promote ends it. */
        public boolean isWaitingForPerson() {
            return waitingForPerson;
        }

        void update(String text, boolean waiting) {
            status = Escaping.singleLine(text);
            waitingForPerson = waiting;
        }

        void ended(String text) {
            status = Escaping.singleLine(text);
            running = false;
            waitingForPerson = false;
        }

        /** Writes the command into the rollout's state; the step's next round acts on it. */
        void command(Command.Kind kind, String by) throws IOException, DeployException {
            PolicyFile file = PolicyFile.load(Path.of(configFile), step, environment);
            Deployer d = new Deployer(new Deployer.Setup(file.policy(), file.directory(), file.environment(),
                    file.stateDir(), Clock.systemUTC(), x -> {
                        throw new IllegalStateException("a command never waits");
                    }));
            d.request(kind, by, "from the build page");
        }
    }

    /** The approvals a gate waits for: who approved, as which role, when. */
    public static final class ApprovalRequest {

        private final String environment;
        private final List<String> roles;
        private final int required;
        private final List<Given> given = new CopyOnWriteArrayList<>();

        ApprovalRequest(String environment, List<String> roles, int required) {
            this.environment = environment;
            this.roles = List.copyOf(roles);
            this.required = required;
        }

        public String getEnvironment() {
            return environment;
        }

        public List<String> getRoles() {
            return roles;
        }

        public int getRequired() {
            return required;
        }

        public List<String> getGiven() {
            return given.stream().map(g -> g.approver + " as " + g.role + " at " + Instant.ofEpochMilli(g.at)).toList();
        }

        /**
         * Records {@code user}'s approval for each required role whose Jenkins group they are in (any user, when the
         * policy names no roles).
         *
         * @throws IllegalArgumentException when the user is in none of the roles' groups
         */
        List<Approval> approve(String user, List<String> groups, Instant at) {
            List<String> as = new ArrayList<>();
            if (roles.isEmpty()) {
                as.add("approver");
            } else {
                for (String role : roles) {
                    if (groups.stream().anyMatch(g -> g.equalsIgnoreCase(role))) {
                        as.add(role);
                    }
                }
            }
            if (as.isEmpty()) {
                throw new IllegalArgumentException(user + " is in none of the groups " + String.join(", ", roles)
                        + " that may approve deployments to " + environment);
            }
            List<Approval> out = new ArrayList<>();
            for (String role : as) {
                given.removeIf(g -> g.approver.equalsIgnoreCase(user) && g.role.equals(role));
                given.add(new Given(user, role, at.toEpochMilli()));
                out.add(new Approval(user, role, at));
            }
            return out;
        }

        /** The approvals given so far, for the gate to judge. */
        List<Approval> approvals() {
            return given.stream().map(g -> new Approval(g.approver, g.role, Instant.ofEpochMilli(g.at))).toList();
        }
    }

    /** One approval as build.xml keeps it. */
    static final class Given {
        private final String approver;
        private final String role;
        private final long at;

        Given(String approver, String role, long at) {
            this.approver = approver;
            this.role = role;
            this.at = at;
        }
    }
}
