package dev.ibac.webhook.pipeline;

import dev.ibac.action.Action;
import dev.ibac.action.Requester;
import dev.ibac.crd.Budget;
import dev.ibac.crd.JudgeSettings;
import dev.ibac.crd.Mission;
import dev.ibac.crd.MissionStatus.Phase;
import dev.ibac.judge.Judge;
import dev.ibac.judge.JudgeException;
import dev.ibac.judge.JudgeRequest;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.judge.TokenUsage;
import dev.ibac.judge.effect.EffectAnalyzer;
import dev.ibac.judge.guard.AdmittingException;
import dev.ibac.judge.guard.ProtectGuard;
import dev.ibac.judge.guard.ProtectResult;
import dev.ibac.judge.guard.ScopeGuard;
import dev.ibac.judge.guard.ScopeMatch;
import dev.ibac.judge.guard.Violation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision path of SPEC §5, top to bottom: identity, mission, protect, scope, rate, budget,
 * judge. The first stage that decides, decides; every stage is a collaborator with one method.
 */
public final class DecisionPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionPipeline.class);

    private final AgentSelector agents;
    private final MissionIndex missions;
    private final MissionPhases phases;
    private final ProtectGuard protect;
    private final ScopeGuard scope;
    private final RateGate rate;
    private final BudgetGate budget;
    private final Judge judge;
    private final RecentVerdicts recent;
    private final ApprovalGate approvals;
    private final EffectAnalyzer analyzer = new EffectAnalyzer();

    public DecisionPipeline(AgentSelector agents, MissionIndex missions, MissionPhases phases, ProtectGuard protect,
            ScopeGuard scope, RateGate rate, BudgetGate budget, Judge judge, RecentVerdicts recent) {
        this(agents, missions, phases, protect, scope, rate, budget, judge, recent, ApprovalGate.NONE);
    }

    /** {@code approvals}: where uncertain verdicts of {@code onUncertain: Approve} missions ask a human (SPEC §5a). */
    public DecisionPipeline(AgentSelector agents, MissionIndex missions, MissionPhases phases, ProtectGuard protect,
            ScopeGuard scope, RateGate rate, BudgetGate budget, Judge judge, RecentVerdicts recent, ApprovalGate approvals) {
        this.approvals = approvals;
        this.agents = agents;
        this.missions = missions;
        this.phases = phases;
        this.protect = protect;
        this.scope = scope;
        this.rate = rate;
        this.budget = budget;
        this.judge = judge;
        this.recent = recent;
    }

    public Decision decide(Action action) {
        return decide(action, agents.isAgent(action.requester()));
    }

    /**
     * The identity stage's rule alone (SPEC §6), for the codec: a request that is not an agent's is
     * allowed without its objects, so they need not be read (issue #19).
     */
    public boolean isAgent(Requester requester) {
        return agents.isAgent(requester);
    }

    /**
     * {@code agent}: {@link #isAgent}'s answer, asked once while the request was read. The request is
     * decided by that same answer: asking again could, were a Mission naming the requester to arrive in
     * between, hand the later stages a request whose objects were never read.
     */
    public Decision decide(Action action, boolean agent) {
        if (!agent) {
            return Outcomes.notAgent(action);
        }
        List<Mission> mine = missions.missionsOf(action.requester());
        Optional<String> named = action.annotation(Action.MISSION_ANNOTATION);
        List<Mission> candidates = named.map(n -> named(mine, action, n)).orElse(mine);
        List<Mission> active = candidates.stream().filter(m -> phases.phase(m) == Phase.Active).toList();
        if (active.isEmpty()) {
            // a single inactive mission is named so the denial lands in its audit trail, Events and status
            Mission only = candidates.size() == 1 ? candidates.get(0) : null;
            return Outcomes.deny(action, Stage.MISSION, noActiveMission(action, mine, candidates, named), only, true);
        }
        ProtectResult protection = protect.decide(action, active);
        ScopeMatch match = scope.match(action, active);
        if (protection instanceof ProtectResult.Denied denied) {
            Violation violation = denied.violation();
            Mission attributed = violation.mission() != null ? violation.mission() : actingUnder(match);
            return Outcomes.deny(action, Stage.PROTECT, violation.message(), attributed, true);
        }
        if (match instanceof ScopeMatch.InScope in) {
            return namingExceptions(inScope(action, in.mission()), (ProtectResult.Admitted) protection);
        }
        if (match instanceof ScopeMatch.Ambiguous amb) {
            return Outcomes.deny(action, Stage.SCOPE, ambiguous(amb), null, true);
        }
        ScopeMatch.OutOfScope out = (ScopeMatch.OutOfScope) match;
        return Outcomes.denyByMode(action, Stage.SCOPE, out.message(), out.closest());
    }

    /**
     * An admitted action that a Pod Security exception let past the protect floor says so in its
     * reason, which the audit entry and the Event carry (issue #18: name the exception that admitted it).
     */
    private static Decision namingExceptions(Decision decision, ProtectResult.Admitted protection) {
        if (protection.exceptions().isEmpty() || !decision.admitted()) {
            return decision;
        }
        String named = protection.exceptions().stream().map(AdmittingException::describe).collect(Collectors.joining("; "));
        return decision.withReason(decision.reason() + " [Pod Security: " + named + "]");
    }

    /**
     * The mission a protect denial is recorded on (audit entry, Event, status) when the rule is one no
     * mission can open: the mission covering the action, else the closest one; none when ambiguous.
     */
    private static Mission actingUnder(ScopeMatch match) {
        if (match instanceof ScopeMatch.InScope in) {
            return in.mission();
        }
        return match instanceof ScopeMatch.OutOfScope out ? out.closest() : null;
    }

    private Decision inScope(Action action, Mission mission) {
        if (action.isChange() && !action.dryRun()) {
            Optional<Duration> retry = rate.attempt(mission);
            if (retry.isPresent()) {
                return Outcomes.denyByMode(action, Stage.RATE, throttled(mission, retry.get()), mission);
            }
        }
        Optional<Budget> namespaceBudget = missions.namespaceBudget(mission.getMetadata().getNamespace());
        BudgetGate.Outcome outcome = budget.reserve(action, mission, namespaceBudget);
        if (outcome instanceof BudgetGate.Outcome.Refused refused) {
            return Outcomes.denyByMode(action, Stage.BUDGET, refused.message(), mission).withCost(refused.cost(), null);
        }
        return judged(action, mission, namespaceBudget, (BudgetGate.Outcome.Reserved) outcome);
    }

    private Decision judged(Action action, Mission mission, Optional<Budget> namespaceBudget,
            BudgetGate.Outcome.Reserved reserved) {
        JudgeSettings settings = mission.getSpec().judgeOrDefault();
        // effects are computed at most once, when a judge asks (a verdict-cache hit reuses the first
        // identical request's), and shared with the audit entry
        JudgeRequest request = JudgeRequest.analysingOnDemand(mission, action, recent.of(mission),
                budget.describeRemaining(mission, namespaceBudget), () -> analyzer.analyse(action, mission.getMetadata().getName()));
        Decision decision;
        TokenUsage tokens;
        try {
            JudgeVerdict verdict = judge.judge(request);
            tokens = verdict.tokens();
            if (verdict.allowed()) {
                decision = Outcomes.allow(action, mission, verdict);
            } else if (verdict.uncertain() && asksApprover(settings)) {
                decision = Outcomes.approval(action, mission, verdict, approvals.consult(mission, action, request.effects(), verdict));
            } else {
                decision = Outcomes.denyByMode(action, Stage.JUDGE, verdict.reasoning(), mission).withVerdict(verdict);
            }
        } catch (JudgeException e) {
            // an expected, handled outcome (onError decides): one line with the reason, no stack trace
            LOG.warn("judge {} failed on {} (mission {}, model {}); spec.judge.onError is {}: {}", judge.name(), action.uid(),
                    mission.key(), e.model() == null ? "-" : e.model(), settings.onErrorOrDefault(), e.getMessage());
            tokens = e.tokens();
            decision = Outcomes.judgeFailed(action, mission, settings, judge.name(), e.model(), e.getMessage(), e.tokens());
        }
        Decision.Cost cost = budget.settle(action, mission, namespaceBudget, reserved.cost(), tokens, decision.admitted());
        recent.record(mission, decision);
        return decision.withCost(cost, reserved.left()).withEffects(request.effects());
    }

    /**
     * SPEC §5a: {@code onUncertain: Approve} asks a human, in Enforce mode only — Warn and DryRun
     * missions admit the doubt anyway, so an approval there would ask a question nobody waits on.
     */
    private static boolean asksApprover(JudgeSettings settings) {
        return settings.onUncertainOrDefault() == JudgeSettings.OnUncertain.Approve
                && settings.modeOrDefault() == JudgeSettings.Mode.Enforce;
    }

    private static List<Mission> named(List<Mission> mine, Action action, String name) {
        return mine.stream()
                .filter(m -> m.getMetadata().getName().equals(name)
                        && (action.namespace().isEmpty() || m.getMetadata().getNamespace().equals(action.namespace())))
                .toList();
    }

    private String noActiveMission(Action action, List<Mission> mine, List<Mission> candidates, Optional<String> named) {
        String who = action.requester().username();
        if (mine.isEmpty()) {
            return "agent " + who + " has no mission: ask your team to declare a Mission whose spec.agent names you";
        }
        if (candidates.isEmpty()) {
            return "ibac.io/mission names \"" + named.orElse("") + "\" but no such mission in namespace " + action.namespace()
                    + " lists agent " + who + "; your missions: " + keys(mine);
        }
        return candidates.stream().map(m -> phases.whyInactive(m, phases.phase(m))).collect(Collectors.joining("; "));
    }

    private static String ambiguous(ScopeMatch.Ambiguous amb) {
        return "several of your missions cover this action (" + keys(amb.missions())
                + "): set annotation ibac.io/mission to the one it serves";
    }

    private static String throttled(Mission mission, Duration retry) {
        long seconds = Math.max(1, (retry.toMillis() + 999) / 1000);
        return "mission " + mission.key() + " allows " + mission.getSpec().limitsOrDefault().maxChangesPerMinuteOrDefault()
                + " changes per minute (spec.limits.maxChangesPerMinute); retry after " + seconds + "s";
    }

    private static String keys(List<Mission> missions) {
        return missions.stream().map(Mission::key).sorted().collect(Collectors.joining(", "));
    }
}
