package dev.rollgate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollgate.config.ConfigException;
import dev.rollgate.config.Durations;
import dev.rollgate.driver.DeployException;
import dev.rollgate.render.Json;
import dev.rollgate.strategy.Attendance;
import dev.rollgate.strategy.PlanStep;
import dev.rollgate.strategy.PlanText;
import dev.rollgate.strategy.RolloutPlan;
import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rollgate plan}: the steps a deployment would take, before anything changes. */
@Command(name = "plan",
        description = {"Print the rollout plan a deployment to this environment would follow now: every step in"
                + " order, with when it is expected to start. Nothing changes.",
                "A first deployment (nothing stable yet) gets the first-deployment plan; --over V shows the strategy's"
                        + " plan as if V were serving."})
final class PlanCommand extends EnvironmentCommand {

    @Option(names = "--version", paramLabel = "V", description = "The version that would be deployed (shown only).")
    String version;

    @Option(names = "--over", paramLabel = "STABLE",
            description = "Plan as if STABLE were the version serving now: shows the strategy's own plan even before"
                    + " a first deployment.")
    String over;

    @Option(names = "--unattended",
            description = "Plan as for a pipeline with no one watching (also when CI is true): a pause without a"
                    + " duration is refused.")
    boolean unattended;

    @Override
    public Integer call() throws IOException {
        Context c = context();
        RolloutPlan plan;
        Optional<String> stable;
        try {
            stable = over == null ? c.deployer().stableVersion() : Optional.of(over);
            plan = over == null ? c.deployer().plan(DeployCommand.attendance(unattended))
                    : c.deployer().strategyPlan(DeployCommand.attendance(unattended));
        } catch (ConfigException e) {
            throw invalid(e);
        } catch (DeployException e) {
            return refused(e);
        }
        if (output.json()) {
            out().print(Json.render(json(c, plan, stable)));
        } else {
            String what = Optional.ofNullable(version).orElse("a new version");
            out().println(c.policy().service() + " in " + c.environment().name() + ": " + what
                    + stable.map(s -> " over " + s).orElse(" (first deployment)"));
            out().print(PlanText.render(plan));
        }
        return ExitCode.OK.code();
    }

    private ObjectNode json(Context c, RolloutPlan plan, Optional<String> stable) {
        ObjectNode o = Json.object();
        o.put("service", c.policy().service());
        o.put("environment", c.environment().name());
        Json.put(o, "version", Optional.ofNullable(version));
        Json.put(o, "stableVersion", stable);
        o.put("strategy", plan.strategy());
        o.put("replicas", plan.replicas());
        o.put("onFailure", plan.onFailure().name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode regions = o.putArray("regions");
        plan.regions().forEach(regions::add);
        Json.put(o, "progressDeadline", plan.progressDeadline().map(Durations::format));
        Json.put(o, "stepDeadline", plan.stepDeadline().map(Durations::format));
        ArrayNode steps = o.putArray("steps");
        int i = 0;
        for (PlanStep s : plan.steps()) {
            ObjectNode n = steps.addObject();
            n.put("index", i++);
            n.put("region", s.region());
            n.put("kind", kind(s));
            n.put("description", s.describe());
        }
        ArrayNode readings = o.putArray("readings");
        plan.readings().forEach(readings::add);
        return o;
    }

    private static String kind(PlanStep s) {
        String simple = s.getClass().getSimpleName();
        return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
    }
}
