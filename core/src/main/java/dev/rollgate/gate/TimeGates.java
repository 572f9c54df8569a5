package dev.rollgate.gate;

import dev.rollgate.config.FreezeSpec;
import dev.rollgate.config.GatesSpec;
import dev.rollgate.model.Trigger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The time-based gates of one environment at one instant: the deployment window, the maintenance window, freezes. */
final class TimeGates {

    static final Set<String> NAMES = Set.of("window", "maintenance", "freeze");
    /** Bounds the next-window search; every step jumps to an opening or past a freeze, so few are needed. */
    private static final int MAX_STEPS = 1000;

    private final Optional<DeploymentWindow> window;
    private final Optional<DeploymentWindow> maintenance;
    private final List<FreezeSpec> freezes;
    private final Instant now;
    private final List<FreezeSpec> active;

    TimeGates(GatesSpec gates, Instant now) {
        this.window = gates.window().map(DeploymentWindow::new);
        this.maintenance = gates.maintenance().map(DeploymentWindow::new);
        this.freezes = gates.freezeList();
        this.now = now;
        this.active = freezes.stream().filter(f -> f.covers(now)).toList();
    }

    boolean insideWindow() {
        return window.map(w -> w.contains(now)).orElse(true);
    }

    boolean openForManual() {
        return insideWindow() && active.isEmpty();
    }

    List<FreezeSpec> activeFreezes() {
        return active;
    }

    List<GateResult> judge(Trigger trigger, boolean emergencyAccepted) {
        List<GateResult> results = new ArrayList<>();
        switch (trigger.origin()) {
            case PERSON -> {
                if (trigger == Trigger.ROLLBACK) {
                    window.ifPresent(w -> results.add(GateResult.pass("window",
                            "a rollback may run outside the window (" + w.describe() + "): restoring service comes first")));
                    active.forEach(f -> results.add(GateResult.pass("freeze",
                            "a rollback may run during the freeze \"" + f.reason() + "\"")));
                } else {
                    window.ifPresent(w -> results.add(w.contains(now)
                            ? GateResult.pass("window", "inside the deployment window " + w.describe())
                            : emergencyAccepted
                                    ? GateResult.overridden("window", outside(w) + "; overridden by emergency")
                                    : GateResult.block("window", outside(w))));
                    active.forEach(f -> results.add(emergencyAccepted
                            ? GateResult.overridden("freeze", frozen(f) + "; overridden by emergency")
                            : GateResult.block("freeze", frozen(f))));
                }
            }
            case SCHEDULED -> {
                if (maintenance.isPresent()) {
                    DeploymentWindow m = maintenance.get();
                    if (m.contains(now)) {
                        results.add(GateResult.pass("maintenance", "inside the maintenance window " + m.describe()));
                    } else if (window.isPresent() && window.get().contains(now)) {
                        results.add(GateResult.pass("window", "inside the deployment window " + window.get().describe()));
                    } else {
                        results.add(GateResult.block("maintenance", outside(m)
                                + window.map(w -> " and the deployment window " + w.describe()).orElse("")));
                    }
                } else {
                    window.ifPresent(w -> results.add(automated(w)));
                }
                active.forEach(f -> results.add(GateResult.block("freeze", frozen(f))));
            }
            case AUTOMATED -> {
                window.ifPresent(w -> results.add(automated(w)));
                active.forEach(f -> results.add(GateResult.block("freeze", frozen(f))));
            }
        }
        if (active.isEmpty() && !freezes.isEmpty()) {
            results.add(GateResult.pass("freeze", "no freeze in effect"));
        }
        return results;
    }

    private GateResult automated(DeploymentWindow w) {
        return w.contains(now)
                ? GateResult.pass("window", "inside the deployment window " + w.describe())
                : GateResult.block("window", outside(w));
    }

    private String outside(DeploymentWindow w) {
        ZonedDateTime local = now.atZone(w.spec().timezone());
        LocalDate today = local.toLocalDate();
        String holiday = w.spec().holidaySet().contains(today) ? "; " + today + " is a holiday" : "";
        return "outside the deployment window " + w.describe() + " (now " + DeploymentWindow.when(local) + holiday + ")";
    }

    private static String frozen(FreezeSpec f) {
        return "in the freeze \"" + f.reason() + "\" until " + f.until();
    }

    /**
     * The first instant from now at which the request's time-based gates pass: a window it may use is open and
     * no freeze covers it. Empty when none opens in the searchable future.
     */
    Optional<ZonedDateTime> nextPassing(Trigger trigger) {
        List<DeploymentWindow> usable = new ArrayList<>();
        if (trigger == Trigger.SCHEDULE && maintenance.isPresent()) {
            usable.add(maintenance.get());
        }
        window.ifPresent(usable::add);
        Instant t = now;
        for (int step = 0; step < MAX_STEPS; step++) {
            Instant at = t;
            Optional<Instant> thaw = freezes.stream().filter(f -> f.covers(at)).map(FreezeSpec::until)
                    .max(Comparator.naturalOrder());
            if (thaw.isPresent()) {
                t = thaw.get();
                continue;
            }
            if (usable.isEmpty()) {
                return Optional.of(t.atZone(ZoneOffset.UTC));
            }
            Optional<ZonedDateTime> first = usable.stream()
                    .flatMap(w -> w.nextOpening(at).map(o -> o.atZone(w.spec().timezone())).stream())
                    .min(Comparator.comparing(ZonedDateTime::toInstant));
            if (first.isEmpty()) {
                return Optional.empty();
            }
            if (first.get().toInstant().equals(at)) {
                return first;
            }
            t = first.get().toInstant();
        }
        return Optional.empty();
    }
}
