package dev.ibac.webhook.auditor;

import java.util.Optional;

/** Decides whether a bearer token belongs to someone allowed to read the audit log. */
public interface AuditorAuthenticator {
    /** The auditor's name when the token is valid and authorised; empty otherwise. */
    Optional<String> authenticate(String bearerToken);
}
