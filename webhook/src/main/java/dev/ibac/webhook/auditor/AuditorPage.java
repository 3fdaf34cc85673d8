package dev.ibac.webhook.auditor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibac.webhook.audit.AuditFilter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /audit} (HTML) and {@code GET /audit/entries} (JSON): the verdicts, newest first, with
 * the auditor's filters — read-only, behind a bearer token. A browser cannot send a bearer header
 * from a link, so {@code ?token=} is accepted once: it becomes an HttpOnly, Secure, SameSite=Strict
 * cookie and the page reloads without the token in its URL.
 */
public final class AuditorPage {
    static final String COOKIE = "ibac_audit";
    private static final List<String> FILTERS = List.of("mission", "agent", "decision", "namespace", "since");
    private final AuditorAuthenticator authenticator;
    private final AuditLogReader tail;
    private final AuditPageRenderer renderer = new AuditPageRenderer();
    private final ObjectMapper mapper = new ObjectMapper();
    private final int limit;
    private final String hint;

    /** {@code hint} tells a refused visitor where the token comes from. */
    public AuditorPage(AuditorAuthenticator authenticator, Path auditLog, int limit, String hint) {
        this.authenticator = authenticator;
        this.tail = new AuditLogReader(auditLog, limit);
        this.limit = limit;
        this.hint = hint;
    }

    public void register(RoutesConfig routes) {
        routes.get("/audit", this::page);
        routes.get("/audit/entries", this::entries);
    }

    private void page(Context ctx) throws IOException {
        String fromQuery = ctx.queryParam("token");
        if (fromQuery != null && authenticator.authenticate(fromQuery).isPresent()) {
            ctx.cookie(new Cookie(COOKIE, fromQuery, "/audit", -1, true, true, null, SameSite.STRICT));
            ctx.redirect("/audit" + query(filters(ctx)), HttpStatus.SEE_OTHER);
            return;
        }
        if (!authorised(ctx)) {
            ctx.status(HttpStatus.UNAUTHORIZED).contentType("text/html; charset=utf-8").result(renderer.unauthorized(hint));
            return;
        }
        Optional<AuditFilter> filter = filter(ctx);
        if (filter.isEmpty()) {
            return;
        }
        ctx.contentType("text/html; charset=utf-8").header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
                .result(renderer.page(tail.newest(filter.get()), filters(ctx), limit));
    }

    private void entries(Context ctx) throws IOException {
        if (!authorised(ctx)) {
            ctx.status(HttpStatus.UNAUTHORIZED).json(Map.of("code", 401, "message", "bearer token required: " + hint));
            return;
        }
        Optional<AuditFilter> filter = filter(ctx);
        if (filter.isPresent()) {
            ctx.contentType("application/json").result(mapper.writeValueAsString(tail.newest(filter.get())));
        }
    }

    private boolean authorised(Context ctx) {
        String header = ctx.header("Authorization");
        String token = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : ctx.cookie(COOKIE);
        return authenticator.authenticate(token).isPresent();
    }

    private Optional<AuditFilter> filter(Context ctx) {
        Map<String, String> f = filters(ctx);
        try {
            Instant since = f.containsKey("since") ? Instant.parse(f.get("since")) : null;
            return Optional.of(new AuditFilter(f.get("mission"), f.get("agent"), f.get("decision"), f.get("namespace"), since));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            ctx.status(HttpStatus.BAD_REQUEST).contentType("text/plain; charset=utf-8")
                    .result("bad filter: " + e.getMessage() + " (since takes an RFC 3339 time like 2026-11-23T10:00:00Z)");
            return Optional.empty();
        }
    }

    private static Map<String, String> filters(Context ctx) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (String name : FILTERS) {
            String value = ctx.queryParam(name);
            if (value != null && !value.isBlank()) {
                filters.put(name, value);
            }
        }
        return filters;
    }

    private static String query(Map<String, String> filters) {
        if (filters.isEmpty()) {
            return "";
        }
        StringBuilder q = new StringBuilder("?");
        filters.forEach((k, v) -> q.append(q.length() > 1 ? "&" : "").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return q.toString();
    }
}
