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
import java.time.Clock;
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
    /** Rows the HTML shows; the JSON carries every match in the window. */
    static final int ROWS_SHOWN = 500;
    private static final List<String> FILTERS = List.of("mission", "agent", "decision", "namespace", "since");
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
    private final AuditorAuthenticator authenticator;
    private final AuditLogReader reader;
    private final AuditPageRenderer renderer = new AuditPageRenderer();
    private final ObjectMapper mapper = new ObjectMapper();
    private final Clock clock;
    private final String hint;

    /**
     * {@code window}: how many of the newest entries a request looks at; {@code hint} tells a
     * refused visitor where the token comes from.
     */
    public AuditorPage(AuditorAuthenticator authenticator, Path auditLog, int window, String hint, Clock clock) {
        this.authenticator = authenticator;
        this.reader = new AuditLogReader(auditLog, window);
        this.hint = hint;
        this.clock = clock;
    }

    public void register(RoutesConfig routes) {
        routes.get("/audit", this::page);
        routes.get("/audit/entries", this::entries);
    }

    private void page(Context ctx) throws IOException {
        guard(ctx);
        String fromLink = ctx.queryParam("token");
        if (fromLink != null) {
            exchangeLinkToken(ctx, fromLink);
            return;
        }
        Optional<String> auditor = auditor(ctx);
        if (auditor.isEmpty()) {
            refuse(ctx).contentType("text/html; charset=utf-8").result(renderer.unauthorized(hint, presented(ctx)));
            return;
        }
        Optional<AuditFilter> filter = filter(ctx);
        if (filter.isPresent()) {
            ctx.contentType("text/html; charset=utf-8")
                    .result(renderer.page(reader.newest(filter.get()), filters(ctx), auditor.get(), reader.window()));
        }
    }

    private void exchangeLinkToken(Context ctx, String token) {
        if (authenticator.authenticate(token).isEmpty()) {
            refuse(ctx).contentType("text/html; charset=utf-8").result(renderer.unauthorized(hint, !token.isBlank()));
            return;
        }
        ctx.cookie(new Cookie(COOKIE, token, "/audit", -1, true, true, null, SameSite.STRICT));
        ctx.redirect("/audit" + query(filters(ctx)), HttpStatus.SEE_OTHER);
    }

    private void entries(Context ctx) throws IOException {
        guard(ctx);
        if (auditor(ctx).isEmpty()) {
            refuse(ctx).json(Map.of("code", 401, "message",
                    (presented(ctx) ? "bearer token not accepted: " : "bearer token required: ") + hint));
            return;
        }
        Optional<AuditFilter> filter = filter(ctx);
        if (filter.isPresent()) {
            ctx.contentType("application/json").result(mapper.writeValueAsString(reader.newest(filter.get()).newestFirst()));
        }
    }

    /** What the audit log shows must not be cached, framed, or leak through a Referer. */
    private static void guard(Context ctx) {
        ctx.header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff").header("Content-Security-Policy", CSP);
    }

    private static Context refuse(Context ctx) {
        return ctx.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Bearer realm=\"ibac-audit\"");
    }

    private Optional<String> auditor(Context ctx) {
        String token = token(ctx);
        return token == null || token.isEmpty() ? Optional.empty() : authenticator.authenticate(token);
    }

    private static String token(Context ctx) {
        String header = ctx.header("Authorization");
        return header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : ctx.cookie(COOKIE);
    }

    /** A wrong token is told apart from none: "required" would send the auditor looking for the header. */
    private static boolean presented(Context ctx) {
        String token = token(ctx);
        return token != null && !token.isEmpty();
    }

    private Optional<AuditFilter> filter(Context ctx) {
        Map<String, String> f = filters(ctx);
        try {
            var since = f.containsKey("since") ? AuditFilter.since(f.get("since"), clock.instant()) : null;
            return Optional.of(new AuditFilter(f.get("mission"), f.get("agent"), f.get("decision"), f.get("namespace"), since));
        } catch (IllegalArgumentException e) {
            ctx.status(HttpStatus.BAD_REQUEST).contentType("text/plain; charset=utf-8").result("bad filter: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Map<String, String> filters(Context ctx) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (String name : FILTERS) {
            String value = ctx.queryParam(name);
            if (value != null && !value.isBlank()) {
                filters.put(name, value.strip());
            }
        }
        return filters;
    }

    private static String query(Map<String, String> filters) {
        StringBuilder q = new StringBuilder();
        filters.forEach((k, v) -> q.append(q.length() == 0 ? '?' : '&').append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return q.toString();
    }
}
