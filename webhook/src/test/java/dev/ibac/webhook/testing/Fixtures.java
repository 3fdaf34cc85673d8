package dev.ibac.webhook.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.action.Action;
import dev.ibac.webhook.http.AdmissionCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** AdmissionReview fixtures from src/test/resources/admission, shaped as the API server sends them. */
public final class Fixtures {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AdmissionCodec CODEC = new AdmissionCodec();

    private Fixtures() {}

    public static ObjectNode review(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/admission/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture with the request edited, e.g. {@code r -> r.put("name", "payments")}. */
    public static ObjectNode review(String name, Consumer<ObjectNode> editRequest) {
        ObjectNode review = review(name);
        editRequest.accept((ObjectNode) review.get("request"));
        return review;
    }

    /**
     * An UPDATE of the shop's checkout Deployment that only swaps its image: nothing in a scaling
     * goal asks for that, so the semantic judge is uncertain (an approval under onUncertain: Approve).
     */
    public static ObjectNode imageChange(String uid) {
        return review("create-deployment", r -> {
            r.put("uid", uid);
            r.put("operation", "UPDATE");
            ObjectNode object = (ObjectNode) r.get("object");
            ObjectNode old = object.deepCopy();
            ((ObjectNode) object.at("/spec/template/spec/containers/0")).put("image", "registry.example/shop/checkout:2.0-rc1");
            ((ObjectNode) old.path("metadata").path("annotations")).remove("ibac.io/tokens");
            ((ObjectNode) object.path("metadata").path("annotations")).remove("ibac.io/tokens");
            r.set("oldObject", old);
        });
    }

    public static Action action(String name) {
        return action(review(name));
    }

    public static Action action(String name, Consumer<ObjectNode> editRequest) {
        return action(review(name, editRequest));
    }

    public static Action action(ObjectNode review) {
        try {
            return CODEC.decode(MAPPER.writeValueAsBytes(review));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
