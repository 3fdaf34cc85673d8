package dev.ibac.webhook.auditor;

import static dev.ibac.webhook.auditor.Html.escape;

/**
 * The frame every auditor page shares: one inline style sheet (the CSP allows inline styles and
 * nothing else), a header with the three places to go, and who is reading. Narrow windows get one
 * column of cards and tables that scroll sideways inside their card, never a page wider than the window.
 */
final class Layout {
    static final String STYLE = """
            *{box-sizing:border-box}body{font-family:system-ui,sans-serif;margin:0;color:#1b1f23;background:#f6f7f9}
            header{background:#1f2937;color:#fff;padding:.6rem 1.5rem;display:flex;gap:1.2rem;align-items:baseline;flex-wrap:wrap}
            header strong{font-size:1.05rem}header a{color:#cfe3ff;text-decoration:none}header a.current{color:#fff;text-decoration:underline;font-weight:600}
            header .who{margin-left:auto;color:#cbd5e1;font-size:.85rem}
            main{padding:1rem 1.5rem;max-width:1700px}h1{font-size:1.3rem;margin:.2rem 0 1rem}h2{font-size:1.05rem;margin:0 0 .6rem}
            h3{font-size:.95rem;margin:.2rem 0 .4rem}
            .card{background:#fff;border:1px solid #e3e6ea;border-radius:6px;padding:.8rem 1rem;margin-bottom:1rem;min-width:0}
            .banner{padding:.7rem 1rem;border-radius:6px;margin-bottom:1rem;overflow-wrap:anywhere}
            .banner.ok{background:#e7f5ec;border:1px solid #9ed1b0;color:#145c2e}.banner.bad{background:#fdecec;border:1px solid #f0a3a3;color:#8a1010}
            .banner.none{background:#eef1f5;border:1px solid #cfd6df}
            .tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(165px,1fr));gap:.8rem;margin-bottom:1rem}
            .tile{background:#fff;border:1px solid #e3e6ea;border-radius:6px;padding:.6rem .8rem;min-width:0;overflow-wrap:anywhere}
            .tile .n{font-size:1.6rem;font-weight:700}.tile .l{font-size:.8rem;color:#555}
            .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:1rem}.grid>.card{margin-bottom:0}.grid{margin-bottom:1rem;align-items:start}
            svg.chart{width:100%;height:auto;display:block}svg.bar{width:150px;height:10px;display:block}
            svg.spark{width:140px;height:30px;display:block}
            table{border-collapse:collapse;width:100%;font-size:.85rem}
            th,td{border-bottom:1px solid #e3e6ea;padding:.4rem;vertical-align:top;text-align:left}th{background:#f0f2f5;white-space:nowrap}
            .scroll{overflow-x:auto}.time,.id,td.num,.nowrap{white-space:nowrap;font-variant-numeric:tabular-nums}
            td.reason{min-width:14rem;width:32%}td.action,.agent{overflow-wrap:anywhere}
            .allow{color:#1b7f3b;font-weight:bold}.deny{color:#b00020;font-weight:bold}
            @media (max-width:900px){table.stack thead{display:none}table.stack tr{display:block;border-bottom:2px solid #cfd6df;padding:.3rem 0}
            table.stack td{display:block;position:relative;border:none;padding:.2rem .4rem .2rem 7.5rem;width:auto;min-width:0}
            table.stack td::before{content:attr(data-label);position:absolute;left:.4rem;width:6.8rem;color:#555;font-size:.8rem}}
            .muted{color:#666}.mono{font-family:ui-monospace,monospace;font-size:.8rem;overflow-wrap:anywhere}
            .error{background:#fdecec;border:1px solid #f0a3a3;color:#8a1010;padding:.6rem 1rem;border-radius:6px;margin-bottom:1rem}
            form.filters{display:flex;gap:.6rem;flex-wrap:wrap;align-items:flex-end;margin:0 0 .8rem}
            form.filters label{display:flex;flex-direction:column;font-size:.8rem;color:#444;gap:.2rem}
            input,select,button{padding:.35rem;font:inherit}.limit{margin:.1rem 0 .4rem;font-size:.8rem}
            dl.kv{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.3rem 1rem;margin:0}dl.kv dt{color:#555}
            dl.kv dd{margin:0;overflow-wrap:anywhere}ul{margin:0;padding-left:1.1rem}
            pre{background:#f6f8fa;padding:.6rem;overflow:auto;max-height:30rem;font-size:.8rem;margin:0}
            nav.chain{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap}
            td.decide form{display:flex;gap:.3rem;margin:0 0 .3rem}td.decide input{min-width:9rem}
            """;

    private Layout() {}

    /** Opens a page: {@code current} is "overview", "verdicts" or "" (a verdict page). */
    static StringBuilder open(String title, String auditor, String current) {
        return open(title, auditor, current, false);
    }

    /** {@code approver}: this auditor may approve or reject, so the page is not read-only for them. */
    static StringBuilder open(String title, String auditor, String current, boolean approver) {
        StringBuilder html = new StringBuilder(32 * 1024);
        html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(escape(title)).append("</title><style>").append(STYLE).append("</style></head><body><header><strong>IBAC audit</strong>")
                .append(link("/audit", "Overview", "overview".equals(current)))
                .append(link("/audit/verdicts", "Verdicts", "verdicts".equals(current)))
                .append("<span class=\"who\">").append(approver ? "approver: " : "read-only, as ").append(escape(auditor))
                .append("</span></header><main>");
        return html;
    }

    private static String link(String href, String text, boolean current) {
        return "<a href=\"" + href + "\"" + (current ? " class=\"current\" aria-current=\"page\"" : "") + ">" + text + "</a>";
    }

    /** A page that only says what went wrong, with the way back. */
    static String notice(String title, String message, String auditor) {
        return close(open("IBAC audit: " + title, auditor, "").append("<h1>").append(escape(title))
                .append("</h1><p class=\"error\" role=\"alert\" id=\"notice\">").append(escape(message))
                .append("</p><p><a href=\"/audit#approvals\">Back to the overview</a></p>"));
    }

    static String close(StringBuilder html) {
        return html.append("</main></body></html>").toString();
    }
}
