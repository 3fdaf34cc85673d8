package dev.ibac.webhook.pipeline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ibac.crd.Mission;
import dev.ibac.judge.JudgeRequest.RecentVerdict;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last few verdicts of each mission, shown to the judge; bounded in missions and per mission. */
public final class RecentVerdicts {
    private static final int PER_MISSION = 5;
    private final Cache<String, Deque<RecentVerdict>> byMission = Caffeine.newBuilder().maximumSize(10_000).build();

    List<RecentVerdict> of(Mission mission) {
        Deque<RecentVerdict> verdicts = byMission.getIfPresent(mission.key());
        if (verdicts == null) {
            return List.of();
        }
        synchronized (verdicts) {
            return List.copyOf(verdicts);
        }
    }

    void record(Mission mission, Decision decision) {
        Deque<RecentVerdict> verdicts = byMission.get(mission.key(), k -> new ArrayDeque<>(PER_MISSION));
        synchronized (verdicts) {
            verdicts.addFirst(new RecentVerdict(decision.action().describe(), decision.allowed() ? "allow" : "deny",
                    truncate(decision.reason())));
            while (verdicts.size() > PER_MISSION) {
                verdicts.removeLast();
            }
        }
    }

    private static String truncate(String reason) {
        return reason == null || reason.length() <= 300 ? reason : reason.substring(0, 300) + "…";
    }
}
