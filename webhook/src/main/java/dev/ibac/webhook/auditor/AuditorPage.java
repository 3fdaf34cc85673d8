package dev.ibac.webhook.auditor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ibac.webhook.audit.AuditFilter;
import dev.ibac.webhook.peers.MergedEntries;
import dev.ibac.webhook.peers.PeerAuditClient;
import dev.ibac.webhook.peers.ReplicaState;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The auditor's pages, behind a bearer token: {@code /audit} (overview),
 * {@code /audit/verdicts} (the filtered list, newest first), {@code /audit/entries/{auditId}} (one
 * verdict), {@code /audit/entries} (the list as JSON) and {@code /audit/export.jsonl|csv}, all read-only;
 * an approver of a pending approval also gets its Approve/Reject forms (POST
 * {@code /audit/approvals/{id}/approve|reject}). A browser
 * cannot send a bearer header from a link, so {@code ?token=} is accepted once: it becomes an
 * HttpOnly, Secure, SameSite=Strict cookie and the page reloads without the token in its URL.
 *
 * <p>With peers (other replicas, issue #17) every view is of every replica's log: the overview sums
 * their aggregates and shows each chain, the list, the JSON and the exports merge their entries by
 * time, and a verdict page opens whichever replica holds the entry. A replica that does not answer is
 * named, never silently left out. A peer's own request ({@link PeerAuditClient#LOCAL_ONLY}) is
 * answered from this log alone, so replicas never ask each other in circles.
 */
public final class AuditorPage {
    static final String COOKIE = "ibac_audit";
    /** Rows a page of the HTML list shows (?page=2 … for older ones); the JSON and the exports carry the newest {@code window} matches. */
    static final int ROWS_SHOWN = 100;
    /** Response header of /audit/entries and the exports naming the replicas whose entries are missing, and why. */
    public static final String NOT_ANSWERING = "X-IBAC-Replicas-Not-Answering";
    private static final List<String> FILTERS = List.of("id", "mission", "agent", "decision", "namespace", "since");
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
    private static final String HTML = "text/html; charset=utf-8";
    private final AuditorAuthenticator authenticator;
    private final AuditLogReader reader;
    private final AuditAggregates aggregates;
    private final MissionSummaries missions;
    private final PendingApprovals approvals;
    private final VerdictListRenderer list = new VerdictListRenderer();
    private final OverviewRenderer overview = new OverviewRenderer();
    private final VerdictPageRenderer verdict = new VerdictPageRenderer();
    private final Exports exports = new Exports();
    private final ObjectMapper mapper = new ObjectMapper();
    private final Clock clock;
    private final String hint;
    /** The other replicas, asked for every view; null when this replica is alone. */
    private final PeerAuditClient peers;

    /** Options of the pages beyond the log: where the overview's missions and pending approvals come from. */
    public record Sources(MissionSummaries missions, PendingApprovals approvals) {
        public static final Sources NONE = new Sources(MissionSummaries.NONE, PendingApprovals.NONE);
    }

    public AuditorPage(AuditorAuthenticator authenticator, Path auditLog, int window, String hint, Clock clock) {
        this(authenticator, auditLog, window, hint, clock, Sources.NONE);
    }

    /**
     * {@code window}: at most how many matches the JSON list and the exports carry; {@code hint} tells a refused
     * visitor where the token comes from.
     */
    public AuditorPage(AuditorAuthenticator authenticator, Path auditLog, int window, String hint, Clock clock, Sources sources) {
        this(authenticator, auditLog, window, hint, clock, sources, null);
    }

    /** {@code peers}: the other replicas whose logs every view merges (null: this replica's log only). */
    public AuditorPage(AuditorAuthenticator authenticator, Path auditLog, int window, String hint, Clock clock, Sources sources,
            PeerAuditClient peers) {
        this.peers = peers;
        this.authenticator = authenticator;
        this.aggregates = new AuditAggregates(auditLog, clock);
        this.reader = new AuditLogReader(auditLog, window, aggregates);
        this.missions = sources.missions();
        this.approvals = sources.approvals();
        this.hint = hint;
        this.clock = clock;
    }

    /**
     * Reads the kept files once so the overview's aggregates are ready before the first auditor
     * asks (a 100 MiB set takes seconds); the wiring runs it on a background thread at start.
     */
    public void warmUp() {
        try {
            aggregates.overview();
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(AuditorPage.class).warn("audit overview not prepared ({}); the first page view reads the log", e.toString());
        }
    }

    public void register(RoutesConfig routes) {
        routes.get("/audit", this::overview);
        routes.get("/audit/verdicts", this::verdicts);
        routes.get("/audit/entries", this::entries);
        routes.get("/audit/overview.json", this::overviewJson);
        routes.get("/audit/entries/{auditId}", this::entry);
        routes.get("/audit/export.jsonl", ctx -> export(ctx, "application/x-ndjson", "jsonl"));
        routes.get("/audit/export.csv", ctx -> export(ctx, "text/csv; charset=utf-8", "csv"));
        routes.post("/audit/approvals/{id}/approve", ctx -> decide(ctx, true));
        routes.post("/audit/approvals/{id}/reject", ctx -> decide(ctx, false));
    }

    private void overview(Context ctx) throws IOException {
        Optional<Auditor> auditor = htmlAuditor(ctx);
        if (auditor.isEmpty()) {
            return;
        }
        if (!filters(ctx).isEmpty()) {
            // the list used to live here: old bookmarks with filters open the list they meant
            ctx.redirect("/audit/verdicts" + Urls.query(filters(ctx)), HttpStatus.SEE_OTHER);
            return;
        }
        List<PendingApprovals.PendingApproval> pending = approvals.pending(auditor.get());
        String csrf = pending.stream().anyMatch(PendingApprovals.PendingApproval::mayDecide) ? Csrf.token(bearer(ctx)) : null;
        // after a decision: what the store says of it now (never text taken from the URL)
        String decided = ctx.queryParam("decided") == null ? null : approvals.describe(ctx.queryParam("decided")).orElse(null);
        String who = auditor.get().username();
        AuditOverview local = aggregates.overview();
        if (!merging(ctx)) {
            ctx.contentType(HTML).result(overview.page(local, missions.missions(), pending, who, csrf, decided));
            return;
        }
        List<PeerViews.ReplicaChain> chains = new ArrayList<>();
        chains.add(new PeerViews.ReplicaChain(peers.self(), local.chain(), null));
        List<AuditOverview> others = new ArrayList<>();
        for (PeerAuditClient.Answer answer : peers.askAll("/audit/overview.json", null, authorization(ctx))) {
            try {
                AuditOverview theirs = PeerViews.overview(answer.body());
                others.add(theirs);
                chains.add(new PeerViews.ReplicaChain(answer.replica(), theirs.chain(), null));
            } catch (IllegalArgumentException notOne) {
                chains.add(new PeerViews.ReplicaChain(answer.replica(), null, answer.answered() ? notOne.getMessage() : answer.problem()));
            }
        }
        ctx.contentType(HTML).result(overview.page(PeerViews.merge(local, others), missions.missions(), pending, who, csrf, decided,
                chains));
    }

    /** This replica's overview aggregates as JSON: what a peer merges into its overview. */
    private void overviewJson(Context ctx) throws IOException {
        if (jsonAuditor(ctx)) {
            ctx.contentType("application/json").result(mapper.writeValueAsString(PeerViews.overviewJson(aggregates.overview())));
        }
    }

    /**
     * An approver's approve or reject: authenticated like every page, then the CSRF token of the
     * form (derived from the auditor's own token), a same-origin request where the browser says so,
     * and the approvals engine's own say on who may decide. Decided, it redirects to the overview,
     * which says what the store now holds; refused, the reason is shown with its status.
     */
    private void decide(Context ctx, boolean approve) {
        guard(ctx);
        String token = bearer(ctx);
        Optional<Auditor> auditor = token == null ? Optional.empty() : authenticator.authenticate(token);
        if (auditor.isEmpty()) {
            refuse(ctx).contentType(HTML).result(list.unauthorized(hint, token != null));
            return;
        }
        if (!sameOrigin(ctx) || !Csrf.valid(token, ctx.formParam("csrf"))) {
            ctx.status(HttpStatus.FORBIDDEN).contentType(HTML).result(Layout.notice("403: form not accepted",
                    "This form did not come from this overview (its CSRF token is missing or wrong); open the overview and try again.",
                    auditor.get().username()));
            return;
        }
        String id = ctx.pathParam("id");
        String reason = ctx.formParam("reason") == null ? "" : ctx.formParam("reason").strip();
        PendingApprovals.Outcome outcome = approvals.decide(id, approve, auditor.get(), token,
                reason.length() > 500 ? reason.substring(0, 500) : reason);
        if (outcome.kind() == PendingApprovals.Outcome.Kind.DECIDED) {
            ctx.redirect("/audit?decided=" + Urls.encode(id) + "#approvals", HttpStatus.SEE_OTHER);
            return;
        }
        ctx.status(outcome.kind().status).contentType(HTML).result(Layout.notice(outcome.kind().status + ": "
                + (approve ? "not approved" : "not rejected"), outcome.message(), auditor.get().username()));
    }

    /**
     * Where the browser says where a request came from, it must be this site: Sec-Fetch-Site when
     * it is sent (every current browser does), else the Origin. The Origin's host and port are
     * compared with the Host header, not its scheme (a TLS-terminating proxy in front would refuse
     * every form). "null" says nothing: the pages' no-referrer policy makes Chromium send it for
     * its own forms, so the CSRF token decides.
     */
    private static boolean sameOrigin(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null) {
            return site.equals("same-origin");
        }
        String origin = ctx.header("Origin");
        if (origin == null || origin.equals("null")) {
            return true;
        }
        try {
            String authority = URI.create(origin).getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(ctx.host());
        } catch (IllegalArgumentException notAUri) {
            return false;
        }
    }

    private void verdicts(Context ctx) throws IOException {
        Optional<Auditor> auditor = htmlAuditor(ctx);
        if (auditor.isEmpty()) {
            return;
        }
        String who = auditor.get().username();
        Map<String, String> filters = filters(ctx);
        try {
            EntryFilter filter = filter(filters);
            int page = page(ctx.queryParam("page"));
            long skip = (long) (page - 1) * ROWS_SHOWN;
            AuditLogReader.Found found;
            List<ReplicaState> replicas = List.of();
            if (merging(ctx)) {
                // this replica's newest up to the page's end, merged with each peer's newest (the JSON list's)
                AuditLogReader.Found local = reader.newest(filter, (int) Math.min(Integer.MAX_VALUE, skip + ROWS_SHOWN));
                MergedEntries merged = peers.merge(local.newestFirst(), authorization(ctx), Urls.query(filters).replaceFirst("^\\?", ""),
                        !filters.isEmpty());
                List<JsonNode> all = merged.newestFirst();
                found = new AuditLogReader.Found(all.subList((int) Math.min(skip, all.size()), (int) Math.min(skip + ROWS_SHOWN, all.size())),
                        local.scanned(), local.windowFull(), local.matches() + all.size() - local.newestFirst().size());
                replicas = merged.replicas();
            } else {
                found = reader.newest(filter, skip, ROWS_SHOWN);
            }
            ctx.contentType(HTML).result(list.page(found, filters, who, reader.window(), page, replicas));
        } catch (IllegalArgumentException bad) {
            ctx.status(HttpStatus.BAD_REQUEST).contentType(HTML).result(list.badFilter(bad.getMessage(), filters, who));
        }
    }

    private void entry(Context ctx) throws IOException {
        if (ctx.header(PeerAuditClient.LOCAL_ONLY) != null) {
            located(ctx); // a peer asks for the verdict and its neighbours in this replica's chain
            return;
        }
        Optional<Auditor> auditor = htmlAuditor(ctx);
        if (auditor.isEmpty()) {
            return;
        }
        String who = auditor.get().username();
        String auditId = ctx.pathParam("auditId");
        Optional<AuditLogReader.Located> found = find(auditId, ctx.queryParam("hash"));
        List<String> silent = new ArrayList<>();
        if (found.isEmpty() && merging(ctx)) {
            String hash = ctx.queryParam("hash");
            for (PeerAuditClient.Answer answer : peers.askAll("/audit/entries/" + Urls.encode(auditId),
                    hash == null ? null : "hash=" + Urls.encode(hash), authorization(ctx))) {
                if (answer.answered() && found.isEmpty()) {
                    try {
                        found = Optional.of(PeerViews.located(answer.body()));
                    } catch (IllegalArgumentException notOne) {
                        silent.add(answer.replica() + " (" + notOne.getMessage() + ")");
                    }
                } else if (!answer.answered() && answer.status() != 404) {
                    silent.add(answer.replica() + " (" + answer.problem() + ")");
                }
            }
        }
        if (found.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).contentType(HTML).result(verdict.notFound(auditId, who, silent));
            return;
        }
        ctx.contentType(HTML).result(verdict.page(found.get(), who));
    }

    private Optional<AuditLogReader.Located> find(String auditId, String hash) throws IOException {
        // an id of plain characters is written as is in the line: only lines containing it need parsing
        String needle = auditId.matches("[A-Za-z0-9._:-]+") ? auditId : "";
        return reader.find(needle, e -> auditId.equals(e.path("auditId").asText())
                && (hash == null || hash.isBlank() || hash.equals(e.path("hash").asText())));
    }

    /** A verdict with its neighbours in this replica's chain, as JSON, for the peer that serves the page; 404 when not here. */
    private void located(Context ctx) throws IOException {
        if (!jsonAuditor(ctx)) {
            return;
        }
        Optional<AuditLogReader.Located> found = find(ctx.pathParam("auditId"), ctx.queryParam("hash"));
        if (found.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("code", 404, "message", "no kept audit entry has this id"));
            return;
        }
        ctx.contentType("application/json").result(mapper.writeValueAsString(PeerViews.locatedJson(found.get())));
    }

    /** The auditor for an HTML page, or empty when this request was answered already (token link, refusal). */
    private Optional<Auditor> htmlAuditor(Context ctx) {
        guard(ctx);
        String fromLink = ctx.queryParam("token");
        if (fromLink != null) {
            exchangeLinkToken(ctx, fromLink);
            return Optional.empty();
        }
        Optional<Auditor> auditor = auditor(ctx);
        if (auditor.isEmpty()) {
            refuse(ctx).contentType(HTML).result(list.unauthorized(hint, presented(ctx)));
        }
        return auditor;
    }

    private void exchangeLinkToken(Context ctx, String token) {
        if (authenticator.authenticate(token).isEmpty()) {
            refuse(ctx).contentType(HTML).result(list.unauthorized(hint, !token.isBlank()));
            return;
        }
        ctx.cookie(new Cookie(COOKIE, token, "/audit", -1, true, true, null, SameSite.STRICT));
        ctx.redirect(ctx.path() + Urls.query(filters(ctx)), HttpStatus.SEE_OTHER);
    }

    private void entries(Context ctx) throws IOException {
        if (!jsonAuditor(ctx)) {
            return;
        }
        try {
            EntryFilter filter = filter(filters(ctx));
            ctx.contentType("application/json").result(mapper.writeValueAsString(merged(ctx, reader.newest(filter).newestFirst())));
        } catch (IllegalArgumentException bad) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("code", 400, "message", "bad filter: " + bad.getMessage()));
        }
    }

    /** Guards a JSON answer; false when the caller is no auditor (answered 401 already). */
    private boolean jsonAuditor(Context ctx) {
        guard(ctx);
        if (auditor(ctx).isEmpty()) {
            refuse(ctx).json(Map.of("code", 401, "message",
                    (presented(ctx) ? "bearer token not accepted: " : "bearer token required: ") + hint));
            return false;
        }
        return true;
    }

    /** {@code local} (newest first) merged with every peer's entries for the same filters; the silent ones named in a header. */
    private List<JsonNode> merged(Context ctx, List<JsonNode> local) {
        if (!merging(ctx)) {
            return local;
        }
        Map<String, String> filters = filters(ctx);
        MergedEntries merged = peers.merge(local, authorization(ctx), Urls.query(filters).replaceFirst("^\\?", ""), !filters.isEmpty());
        if (!merged.notAnswering().isEmpty()) {
            ctx.header(NOT_ANSWERING, merged.notAnswering().replaceAll("[^\\x20-\\x7e]", "?"));
        }
        return merged.newestFirst();
    }

    /** Whether this view asks the peers: there are some, and this is not a peer's own request. */
    private boolean merging(Context ctx) {
        return peers != null && ctx.header(PeerAuditClient.LOCAL_ONLY) == null;
    }

    /** The caller's credentials as this replica received them, forwarded to the peers (see PeerAuditClient). */
    private static String authorization(Context ctx) {
        String token = bearer(ctx);
        return token == null ? null : "Bearer " + token;
    }

    private void export(Context ctx, String contentType, String extension) throws IOException {
        guard(ctx);
        if (auditor(ctx).isEmpty()) {
            refuse(ctx).contentType("text/plain; charset=utf-8").result("bearer token required: " + hint);
            return;
        }
        List<JsonNode> entries;
        try {
            entries = merged(ctx, reader.newest(filter(filters(ctx))).newestFirst());
        } catch (IllegalArgumentException bad) {
            ctx.status(HttpStatus.BAD_REQUEST).contentType("text/plain; charset=utf-8").result("bad filter: " + bad.getMessage());
            return;
        }
        ctx.header("Content-Disposition", "attachment; filename=\"ibac-audit." + extension + "\"").contentType(contentType)
                .result("csv".equals(extension) ? exports.csv(entries) : exports.jsonLines(entries));
    }

    /** What the audit log shows must not be cached, framed, or leak through a Referer. */
    private static void guard(Context ctx) {
        ctx.header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff").header("Content-Security-Policy", CSP);
    }

    private static Context refuse(Context ctx) {
        return ctx.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Bearer realm=\"ibac-audit\"");
    }

    private Optional<Auditor> auditor(Context ctx) {
        String token = bearer(ctx);
        return token == null ? Optional.empty() : authenticator.authenticate(token);
    }

    /** The token a request carries: the Authorization header, else the cookie; null when there is none. */
    private static String bearer(Context ctx) {
        String token = token(ctx);
        return token == null || token.isEmpty() ? null : token;
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

    /** The list's filter ({@link EntryFilter}); IllegalArgumentException says what a value should look like. */
    private EntryFilter filter(Map<String, String> f) {
        var since = f.containsKey("since") ? AuditFilter.since(f.get("since"), clock.instant()) : null;
        AuditFilter filter = new AuditFilter(f.get("mission"), f.get("agent"), f.get("decision"), f.get("namespace"), since);
        return new EntryFilter(filter, f.get("id") == null ? null : f.get("id").replace("…", "").strip());
    }

    private static int page(String text) {
        if (text == null || text.isBlank()) {
            return 1;
        }
        if (!text.strip().matches("[1-9][0-9]{0,5}")) {
            throw new IllegalArgumentException("page must be a number from 1, got \"" + text + "\"");
        }
        return Integer.parseInt(text.strip());
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
}
