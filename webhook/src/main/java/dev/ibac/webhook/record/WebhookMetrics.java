package dev.ibac.webhook.record;

import dev.ibac.judge.Judge;
import dev.ibac.webhook.audit.AuditHead;
import dev.ibac.judge.JudgeException;
import dev.ibac.judge.JudgeRequest;
import dev.ibac.judge.JudgeVerdict;
import dev.ibac.webhook.pipeline.Decision;
import dev.ibac.webhook.pipeline.Stage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus metrics (SPEC §10): requests by stage and decision, decision latency per deciding
 * stage, judge tokens and latency, verdict-cache hits, budget spend. Tags are low-cardinality by
 * construction: stage, decision, judge name, namespace.
 */
public final class WebhookMetrics implements DecisionRecorder {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private volatile Supplier<AuditHead> auditHead;
    // registered once per tag set, not built and looked up per request (issue #19): by stage ordinal, then allowed and enforced
    private final AtomicReferenceArray<Counter> requests = new AtomicReferenceArray<>(Stage.values().length * 4);
    private final AtomicReferenceArray<Timer> latency = new AtomicReferenceArray<>(Stage.values().length);

    @Override
    public void record(Decision decision) {
        requests(decision).increment();
        latency(decision.stage()).record(decision.latencyMicros(), TimeUnit.MICROSECONDS);
        if (decision.verdict() != null) {
            tokens(decision.verdict());
        }
        // a human's request charges nothing: no spend series for every namespace humans touch
        if (decision.isAgentTraffic() && decision.admitted() && !decision.action().dryRun() && decision.cost() != null) {
            BigDecimal usd = new BigDecimal(decision.cost().tokensUSD()).add(new BigDecimal(decision.cost().resourceUSD()));
            Counter.builder("ibac.budget.spend.usd").description("money charged to budgets")
                    .tag("namespace", decision.action().namespace()).register(registry).increment(usd.doubleValue());
        }
    }

    private Counter requests(Decision decision) {
        int slot = decision.stage().ordinal() * 4 + (decision.allowed() ? 2 : 0) + (decision.enforced() ? 1 : 0);
        Counter counter = requests.get(slot);
        if (counter == null) { // a race registers twice, and Micrometer answers both with the same meter
            counter = Counter.builder("ibac.requests").description("AdmissionReviews answered, by deciding stage and decision")
                    .tag("stage", decision.stage().label()).tag("decision", decision.allowed() ? "allow" : "deny")
                    .tag("enforced", String.valueOf(decision.enforced())).register(registry);
            requests.set(slot, counter);
        }
        return counter;
    }

    private Timer latency(Stage stage) {
        Timer timer = latency.get(stage.ordinal());
        if (timer == null) {
            timer = Timer.builder("ibac.decision.latency").description("time to decide, by the stage that decided")
                    .tag("stage", stage.label()).publishPercentileHistogram().register(registry);
            latency.set(stage.ordinal(), timer);
        }
        return timer;
    }

    private void tokens(JudgeVerdict verdict) {
        String judge = verdict.judge() == null ? "none" : verdict.judge();
        Counter.builder("ibac.judge.tokens").description("LLM tokens the judge used").tag("judge", judge)
                .tag("direction", "input").register(registry).increment(verdict.tokens().input());
        Counter.builder("ibac.judge.tokens").description("LLM tokens the judge used").tag("judge", judge)
                .tag("direction", "output").register(registry).increment(verdict.tokens().output());
    }

    /** Wraps a judge so every call's latency and outcome is measured. */
    public Judge timed(Judge judge) {
        return new Judge() {
            @Override
            public String name() {
                return judge.name();
            }

            @Override
            public JudgeVerdict judge(JudgeRequest request) throws JudgeException {
                long start = System.nanoTime();
                String outcome = "error";
                try {
                    JudgeVerdict verdict = judge.judge(request);
                    outcome = verdict.cached() ? "cached" : verdict.decision().name().toLowerCase(Locale.ROOT);
                    return verdict;
                } finally {
                    Timer.builder("ibac.judge.latency").description("judge call latency").tag("judge", judge.name())
                            .tag("outcome", outcome).publishPercentileHistogram().register(registry)
                            .record(Duration.ofNanos(System.nanoTime() - start));
                }
            }
        };
    }

    /** Exposes a monotonically increasing count kept elsewhere (e.g. verdict-cache hits). */
    public <T> void counter(String name, String description, T source, ToDoubleFunction<T> count) {
        FunctionCounter.builder(name, source, count).description(description).register(registry);
    }

    /** Exposes a current value kept elsewhere (e.g. whether the audit log can be written). */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).strongReference(true).register(registry);
    }

    /**
     * Exposes the audit chain head after each flush (issue #13): an auditor who keeps the hash can
     * later check, with {@code audit verify --expect-head}, that the log was not cut short. The hash
     * is a label of an info metric written here, not a meter, so its changing value leaves no
     * series behind in the registry.
     */
    public void auditHead(Supplier<AuditHead> head) {
        this.auditHead = head;
    }

    public String scrape() {
        AuditHead head = auditHead == null ? null : auditHead.get();
        if (head == null) {
            return registry.scrape();
        }
        return registry.scrape()
                + "# HELP ibac_audit_head_info the audit log's chain head: hash of the last entry on disk\n"
                + "# TYPE ibac_audit_head_info gauge\n"
                + "ibac_audit_head_info{hash=\"" + head.lastHash() + "\",start=\"" + head.startHash() + "\"} 1\n"
                + "# HELP ibac_audit_head_entries entries in the active audit log file up to the head\n"
                + "# TYPE ibac_audit_head_entries gauge\n"
                + "ibac_audit_head_entries " + head.entries() + "\n";
    }
}
