package dev.ibac.judge.cache;

import dev.ibac.action.Action;
import dev.ibac.crd.Mission;
import java.util.List;

/**
 * What makes two judge calls the same question: the same mission generation, the same request
 * fields and the same object content. Computed from the raw action before anything is described
 * or redacted, so a cache hit costs one walk of the object and a hash (see {@link ContentHash}).
 * The request uid is left out on purpose (every retry has a new one), and so are the fields the
 * API server fills in per write and no judge reads (see {@link ContentHash#SERVER_SET}).
 *
 * <p>The requester is part of the key: the LLM judge's prompt shows it, so two identities may get
 * two answers.
 */
record VerdictKey(
        String mission,
        long generation,
        String operation,
        String group,
        String resource,
        String subresource,
        String kind,
        String namespace,
        String name,
        String username,
        List<String> groups,
        String contentHash) {

    static VerdictKey of(Mission mission, Action action) {
        return new VerdictKey(mission.key(), mission.generation(), action.operation(), action.resource().group(),
                action.resource().resource(), action.resource().subresource(), action.kind(), action.namespace(),
                action.name(), action.requester().username(), action.requester().groups(), ContentHash.of(action));
    }
}
