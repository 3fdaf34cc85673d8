package dev.ibac.judge.effect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Destinations named in agent text, and where they are: inside the cluster or its private network,
 * an object store, or the internet. Only the host is kept: userinfo (credentials) never is.
 */
final class Hosts {
    private static final Pattern URL = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]{1,15})://([^\\s/\"'?#;|&<>()`]+)");
    private static final Pattern SCP = Pattern.compile("(?i)(?:^|\\s)[\\w.-]+@([a-z0-9-]+(?:\\.[a-z0-9-]+)+):");
    private static final Pattern DEV_TCP = Pattern.compile("/dev/(?:tcp|udp)/([\\w.-]+)/\\d+");
    private static final Pattern NC = Pattern.compile("(?i)\\b(?:nc|ncat|netcat)\\s+(?:-[a-z]+\\s+)*([a-z0-9-]+(?:\\.[a-z0-9-]+)+)\\s+\\d+");
    /** Config-file lines that name where to send: "Host siem.example.com", "url = https://…", "brokers: a.b.c:9092". */
    private static final Pattern CONFIG_HOST = Pattern.compile("(?im)^\\s*[\"']?(host|hostname|server|servers|endpoint|address|addr"
            + "|brokers?|bootstrap[._-]?servers|domain|remote|target)[\"']?\\s*[=: ]\\s*[\"']?([a-z0-9-]+(?:\\.[a-z0-9-]+)+)");
    private static final Pattern FTP = Pattern.compile("(?i)\\b(?:s?ftp|lftp)\\s+(?:-\\S+\\s+)*(?:[\\w.-]+@)?([a-z0-9-]+(?:\\.[a-z0-9-]+)+)");
    private static final Pattern KEY_VALUE_HOST = Pattern.compile("(?i)\\b(?:host|hostname|server|endpoint)=([a-z0-9-]+(?:\\.[a-z0-9-]+)+)");
    private static final Pattern ENDPOINT_FLAG = Pattern.compile("(?i)--endpoint(?:-url)?[=\\s]+(?:https?://)?([^\\s/\"':]+)");
    private static final List<String> INTERNAL_SUFFIXES = List.of(".svc", ".local", ".internal", ".cluster.local", ".lan",
            ".corp", ".home.arpa", ".intranet", ".localdomain");
    private static final List<String> OBJECT_STORES = List.of("amazonaws.com", "storage.googleapis.com",
            "storage.cloud.google.com", "blob.core.windows.net", "r2.cloudflarestorage.com", "digitaloceanspaces.com",
            "backblazeb2.com", "wasabisys.com", "objectstorage.oraclecloud.com", "cloud-object-storage.appdomain.cloud");
    private static final List<String> STORE_SCHEMES = List.of("s3", "gs", "az", "wasb", "wasbs", "abfs", "abfss", "r2", "b2", "oss");

    private Hosts() {}

    enum Zone { INTERNAL, OBJECT_STORE, INTERNET }

    record Destination(String scheme, String host, Zone zone) {}

    static List<Destination> in(String text) {
        if (!mayName(text)) {
            return List.of();
        }
        List<Destination> out = new ArrayList<>();
        Matcher url = URL.matcher(text);
        while (url.find()) {
            String scheme = url.group(1).toLowerCase(Locale.ROOT);
            add(out, scheme, hostOf(url.group(2)));
        }
        for (Pattern p : List.of(SCP, DEV_TCP, NC, FTP, KEY_VALUE_HOST, ENDPOINT_FLAG, CONFIG_HOST)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                String host = m.group(p == CONFIG_HOST ? 2 : 1).toLowerCase(Locale.ROOT);
                if (p != CONFIG_HOST || !host.chars().allMatch(c -> Character.isDigit(c) || c == '.') || host.split("\\.").length == 4) {
                    add(out, p == ENDPOINT_FLAG ? "https" : "tcp", host);
                }
            }
        }
        return out;
    }

    /**
     * False when no pattern can match: every one needs a dotted host, "://", "/dev/" or a "--" flag.
     * Most texts of an object are names and values with none of them; this runs on each (issue #11).
     */
    private static boolean mayName(String text) {
        return text.indexOf('.') >= 0 || text.contains("://") || text.contains("/dev/") || text.contains("--");
    }

    private static void add(List<Destination> out, String scheme, String host) {
        if (host.isEmpty() || out.stream().anyMatch(d -> d.host().equals(host) && d.scheme().equals(scheme))) {
            return;
        }
        out.add(new Destination(scheme, host, zone(scheme, host)));
    }

    /** "user:pw@Files.Example.net:443" → "files.example.net". */
    static String hostOf(String authority) {
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(1, end) : host;
        }
        int colon = host.indexOf(':');
        String bare = (colon >= 0 ? host.substring(0, colon) : host).toLowerCase(Locale.ROOT);
        return bare.endsWith(".") ? bare.substring(0, bare.length() - 1) : bare;
    }

    static Zone zone(String scheme, String host) {
        if (STORE_SCHEMES.contains(scheme)) {
            return Zone.OBJECT_STORE;
        }
        if (internal(host)) {
            return Zone.INTERNAL;
        }
        return OBJECT_STORES.stream().anyMatch(s -> host.equals(s) || host.endsWith("." + s)) ? Zone.OBJECT_STORE : Zone.INTERNET;
    }

    static boolean internal(String host) {
        if (!host.contains(".") || host.equals("localhost") || host.startsWith("$") || host.contains("{")) {
            return true;
        }
        if (INTERNAL_SUFFIXES.stream().anyMatch(host::endsWith) || host.contains(".internal.")) {
            return true;
        }
        return privateAddress(host);
    }

    private static boolean privateAddress(String host) {
        String[] parts = host.split("\\.", -1);
        boolean dotted = parts.length == 4 && Arrays.stream(parts).allMatch(p -> !p.isEmpty() && p.length() <= 3);
        if (!dotted || !host.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            return false;
        }
        int a = Integer.parseInt(parts[0]);
        int b = Integer.parseInt(parts[1]);
        // 0.0.0.0 is where a server listens ("endpoint: 0.0.0.0:4317"), never where data goes
        return a == 0 || a == 10 || a == 127 || (a == 192 && b == 168) || (a == 172 && b >= 16 && b <= 31) || (a == 169 && b == 254);
    }
}
