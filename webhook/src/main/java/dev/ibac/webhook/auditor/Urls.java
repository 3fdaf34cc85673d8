package dev.ibac.webhook.auditor;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Query strings and path segments for links the pages write. */
final class Urls {
    private Urls() {}

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** "?a=1&b=2", or "" without parameters. */
    static String query(Map<String, String> parameters) {
        StringBuilder q = new StringBuilder();
        parameters.forEach((k, v) -> q.append(q.length() == 0 ? '?' : '&').append(k).append('=').append(encode(v)));
        return q.toString();
    }
}
