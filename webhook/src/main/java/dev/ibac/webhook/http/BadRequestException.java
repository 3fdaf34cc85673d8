package dev.ibac.webhook.http;

/** The caller sent something that is not a valid AdmissionReview; the message says what. */
final class BadRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequestException(String message) {
        super(message);
    }
}
