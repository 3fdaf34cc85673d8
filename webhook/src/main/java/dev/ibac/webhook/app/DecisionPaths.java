package dev.ibac.webhook.app;

import dev.ibac.judge.Judge;
import dev.ibac.judge.cache.CachingJudge;
import dev.ibac.judge.guard.ProtectGuard;
import dev.ibac.judge.guard.ScopeGuard;
import dev.ibac.webhook.embedded.MissionFiles;
import dev.ibac.webhook.pipeline.AgentSelector;
import dev.ibac.webhook.pipeline.ApprovalGate;
import dev.ibac.webhook.pipeline.DecisionPipeline;
import dev.ibac.webhook.pipeline.MissionIndex;
import dev.ibac.webhook.pipeline.MissionPhases;
import dev.ibac.webhook.pipeline.RecentVerdicts;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The decision path of SPEC §5, built one way for {@code serve}, {@code test} and {@code replay},
 * so that offline results are the webhook's results: only the mission source, the clock and the
 * judge differ (and offline budgets start from a fresh, unpersisted ledger).
 */
public final class DecisionPaths {
    private DecisionPaths() {}

    /** Mission phases (expiry, suspension, exhaustion) read against {@code clock} and the ledger of {@code budgets}. */
    static MissionPhases phases(Clock clock, Budgets budgets) {
        return new MissionPhases(clock, budgets.gate()::exhausted);
    }

    /** Every stage, in SPEC §5's order, over the missions of {@code index}. */
    static DecisionPipeline pipeline(List<String> agentUsernames, List<String> agentGroups, MissionIndex index,
            MissionPhases phases, Budgets budgets, Judge judge) {
        return pipeline(agentUsernames, agentGroups, index, phases, budgets, judge, ApprovalGate.NONE);
    }

    /** {@code approvals}: where uncertain verdicts ask a human (serve); offline paths have none and deny them. */
    static DecisionPipeline pipeline(List<String> agentUsernames, List<String> agentGroups, MissionIndex index,
            MissionPhases phases, Budgets budgets, Judge judge, ApprovalGate approvals) {
        return new DecisionPipeline(new AgentSelector(agentUsernames, agentGroups, index), index, phases,
                new ProtectGuard(), new ScopeGuard(), budgets.rate(), budgets.gate(), judge, new RecentVerdicts(), approvals);
    }

    /**
     * The path {@code test} and {@code replay} run: these Missions and Budgets, the default agent
     * selectors, {@code clock} for expiry, budget windows and the change rate, a fresh in-memory
     * ledger, and the judge {@code judgeChoice} names ("semantic" or "llm", the latter configured
     * from {@code env} as {@code serve} configures it).
     */
    public static Offline offline(MissionFiles.Contents contents, Clock clock, String judgeChoice, Map<String, String> env) {
        MissionIndex index = new MissionIndex();
        index.replace(contents.missions(), contents.budgets());
        Budgets budgets = Budgets.offline(clock, 3);
        CachingJudge judge;
        try {
            judge = JudgeSetup.create(judgeChoice, env);
        } catch (RuntimeException e) {
            budgets.close();
            throw e;
        }
        DecisionPipeline pipeline = pipeline(AgentSelector.DEFAULT_USERNAMES, AgentSelector.DEFAULT_GROUPS, index,
                phases(clock, budgets), budgets, judge);
        return new Offline(pipeline, judge, budgets);
    }

    /** An offline decision path and what it holds open. */
    public static final class Offline implements AutoCloseable {
        private final DecisionPipeline pipeline;
        private final CachingJudge judge;
        private final Budgets budgets;

        private Offline(DecisionPipeline pipeline, CachingJudge judge, Budgets budgets) {
            this.pipeline = pipeline;
            this.judge = judge;
            this.budgets = budgets;
        }

        public DecisionPipeline pipeline() {
            return pipeline;
        }

        public String judgeName() {
            return judge.name();
        }

        @Override
        public void close() {
            judge.close();
            budgets.close();
        }
    }
}
