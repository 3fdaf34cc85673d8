package dev.ibac.webhook.auditor;

import java.util.Optional;

/** Decides whether a bearer token belongs to someone allowed to read the audit log, and who that is. */
public interface AuditorAuthenticator {
    /** The auditor (username and groups) when the token is valid and authorised; empty otherwise. */
    Optional<Auditor> authenticate(String bearerToken);
}
