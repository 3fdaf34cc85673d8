package dev.ibac.judge.cache;

import dev.ibac.action.Action;
import dev.ibac.crd.Mission;
import dev.ibac.judge.describe.ActionDescription;

/**
 * What makes two judge calls the same question: the same mission generation and the same
 * normalised action. The request uid is left out on purpose (every retry has a new one), and the
 * content is the hash of what the judge sees of it (redacted summary, changes and rationale).
 */
record VerdictKey(
        String mission,
        long generation,
        String operation,
        String group,
        String resource,
        String subresource,
        String namespace,
        String name,
        String contentHash) {

    static VerdictKey of(Mission mission, Action action, ActionDescription description) {
        return new VerdictKey(mission.key(), mission.generation(), action.operation(), action.resource().group(),
                action.resource().resource(), action.resource().subresource(), action.namespace(), action.name(),
                description.contentHash());
    }
}
