package dev.ibac.webhook.app;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.ibac.judge.JudgeChoice;
import dev.ibac.judge.JudgeConfigException;
import dev.ibac.judge.JudgeFactory;
import dev.ibac.judge.cache.CachingJudge;
import dev.ibac.judge.cascade.CascadeJudge;
import dev.ibac.webhook.problem.ConfigException;
import dev.ibac.webhook.record.WebhookMetrics;
import java.util.Map;

/** The judge of {@code --judge} and the IBAC_LLM_* environment, behind the verdict cache, with its metrics. */
final class JudgeSetup {
    private JudgeSetup() {}

    /** Checked before any Mission is loaded or port bound: {@code --judge magic} is exit 2 at once. */
    static void check(ServeSettings settings) {
        try {
            JudgeChoice.resolve(settings.judge(), settings.env());
        } catch (JudgeConfigException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    static CachingJudge create(ServeSettings settings, WebhookMetrics metrics) {
        CachingJudge judge = create(settings.judge(), settings.env());
        metrics.counter("ibac.judge.cache.hits", "verdicts served from the cache", judge, j -> j.stats().hits());
        metrics.counter("ibac.judge.cache.misses", "verdicts the judge had to reach", judge, j -> j.stats().misses());
        if (judge.inner() instanceof CascadeJudge cascade) {
            metrics.counter("ibac.judge.cascade.escalations", "verdicts the semantic judge was uncertain of, decided by the LLM",
                    cascade, CascadeJudge::escalations);
        }
        return judge;
    }

    /** {@code choice}: semantic, llm, or null for the default of SPEC §7; a bad setting is a {@link ConfigException}. */
    static CachingJudge create(String choice, Map<String, String> env) {
        try {
            return JudgeFactory.create(choice, env, Ticker.systemTicker());
        } catch (JudgeConfigException e) {
            throw new ConfigException(e.getMessage());
        }
    }
}
