package dev.ibac.webhook.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.action.Action;
import dev.ibac.crd.Approval;
import dev.ibac.crd.ApprovalSpec;
import dev.ibac.webhook.http.AdmissionCodec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second webhook of SPEC §11 ({@code approvals.ibac.io}, every user, Approvals only), at
 * {@value #PATH}: an approver's change of {@code spec.decision} is admitted only for identities the
 * mission lists (never its agent), once, before expiry; the decider is taken from the
 * AdmissionReview's {@code userInfo} — the API server's word, not the client's — and handed to
 * {@link DeciderRecorder}, which writes it into the status once the change is stored. Only
 * {@code spec.decision} and {@code spec.reason} may change, and an Approval is born undecided.
 */
public final class ApprovalAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalAdmission.class);
    public static final String PATH = "/validate/approvals";

    private final AdmissionCodec codec;
    private final DeciderRecorder deciders;
    private final Clock clock;
    private final KubernetesSerialization json = new KubernetesSerialization();

    public ApprovalAdmission(AdmissionCodec codec, DeciderRecorder deciders, Clock clock) {
        this.codec = codec;
        this.deciders = deciders;
        this.clock = clock;
    }

    public void register(RoutesConfig routes) {
        routes.post(PATH, this::handle);
    }

    private void handle(Context ctx) {
        Action action;
        try {
            action = codec.decode(ctx.bodyAsBytes());
        } catch (RuntimeException e) { // the codec's BadRequestException: it names the bad field
            ctx.status(HttpStatus.BAD_REQUEST).contentType("application/json")
                    .result(codec.mapper().createObjectNode().put("code", 400).put("message", e.getMessage()).toString());
            return;
        }
        ctx.contentType("application/json").result(review(action).toString());
    }

    /** The AdmissionReview answer to one decoded request. */
    public ObjectNode review(Action action) {
        Optional<String> refusal = refusal(action);
        refusal.ifPresent(why -> LOG.info("approval change by {} refused: {}", action.requester().username(), why));
        return answer(codec.mapper(), action.uid(), refusal.map(why -> "ibac: approval refused: " + why).orElse(null));
    }

    private Optional<String> refusal(Action action) {
        if (!"approvals".equals(action.resource().resource()) || !action.resource().subresource().isEmpty()) {
            return Optional.empty(); // not ours to judge (a misrouted rule): the main webhook decides
        }
        Approval next;
        Approval old;
        try {
            next = parse(action.object());
            old = action.oldObject() == null ? null : parse(action.oldObject());
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        if (old == null) {
            return next.getSpec().decision() == null ? Optional.empty()
                    : Optional.of("an Approval is created undecided (IBAC asks; approvers set spec.decision afterwards)");
        }
        if (!sameQuestion(old.getSpec(), next.getSpec())) {
            return Optional.of("only spec.decision and spec.reason of approval " + old.id() + " may change");
        }
        if (Objects.equals(old.getSpec().decision(), next.getSpec().decision())
                && Objects.equals(old.getSpec().reason(), next.getSpec().reason())) {
            return Optional.empty(); // labels, annotations: not a decision
        }
        return decision(action, old, next);
    }

    private Optional<String> decision(Action action, Approval old, Approval next) {
        if (next.getSpec().decision() == null) {
            return Optional.of("spec.decision of approval " + old.id() + " cannot be taken back");
        }
        ApprovalDecisions.Decider decider = new ApprovalDecisions.Decider(action.requester().username(),
                action.requester().groups());
        Optional<String> refused = ApprovalDecisions.refusal(old, decider, next.getSpec().reason(), clock.instant());
        if (refused.isEmpty() && !action.dryRun()) {
            deciders.expect(next, next.getSpec().decision(), decider, clock.instant());
        }
        return refused;
    }

    /** Everything IBAC wrote when it asked is unchanged. */
    private static boolean sameQuestion(ApprovalSpec old, ApprovalSpec next) {
        return old.decided(null, null).equals(next.decided(null, null));
    }

    private Approval parse(JsonNode object) {
        if (object == null) {
            throw new IllegalArgumentException("the request carries no Approval object");
        }
        JsonNode decision = object.path("spec").path("decision");
        if (!decision.isMissingNode() && !decision.isNull() && !decision.asText().equals("Approve")
                && !decision.asText().equals("Reject")) {
            throw new IllegalArgumentException("spec.decision must be Approve or Reject, got " + decision);
        }
        try {
            Approval approval = json.unmarshal(object.toString(), Approval.class);
            if (approval.getSpec() == null || approval.getMetadata() == null) {
                throw new IllegalArgumentException("the Approval has no spec");
            }
            return approval;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the Approval does not match its schema: " + e.getMessage(), e);
        }
    }

    static ObjectNode answer(ObjectMapper mapper, String uid, String denial) {
        ObjectNode review = mapper.createObjectNode().put("apiVersion", AdmissionCodec.API_VERSION).put("kind", AdmissionCodec.KIND);
        ObjectNode response = review.putObject("response").put("uid", uid).put("allowed", denial == null);
        if (denial != null) {
            response.putObject("status").put("code", 403).put("reason", "Forbidden").put("message", denial);
        }
        return review;
    }
}
