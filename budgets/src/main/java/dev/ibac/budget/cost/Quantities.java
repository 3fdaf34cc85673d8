package dev.ibac.budget.cost;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ("500m", "2", "512Mi", "1G", "1e3") as exact decimals, with the
 * grammar of k8s.io/apimachinery's {@code resource.ParseQuantity}.
 */
final class Quantities {
    private static final Pattern QUANTITY = Pattern.compile(
            "^([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]{1,3})?$");
    private static final BigDecimal KI = BigDecimal.valueOf(1024);
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")), Map.entry("m", new BigDecimal("1e-3")),
            Map.entry("k", new BigDecimal("1e3")), Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")), Map.entry("E", new BigDecimal("1e18")),
            Map.entry("Ki", KI), Map.entry("Mi", KI.pow(2)), Map.entry("Gi", KI.pow(3)), Map.entry("Ti", KI.pow(4)),
            Map.entry("Pi", KI.pow(5)), Map.entry("Ei", KI.pow(6)));
    /** No real request comes near this (8 EiB is about 9.2e18 bytes); beyond it the number is nonsense. */
    private static final BigDecimal MAX = new BigDecimal("1e21");
    public static final BigDecimal GIB = KI.pow(3);

    private Quantities() {}

    /** The quantity's value in base units (cores, bytes, devices); IllegalArgumentException if malformed. */
    public static BigDecimal parse(String quantity) {
        Matcher m = QUANTITY.matcher(quantity == null ? "" : quantity.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + quantity + "\" is not a Kubernetes quantity like 500m, 2, 512Mi or 1Gi");
        }
        BigDecimal value = scaled(new BigDecimal(m.group(1)), m.group(2));
        if (value.abs().compareTo(MAX) > 0) {
            throw new IllegalArgumentException("\"" + quantity + "\" is too large to be a resource request");
        }
        return value;
    }

    /** A request or limit: like {@link #parse} but never negative. */
    public static BigDecimal parseRequest(String quantity) {
        BigDecimal value = parse(quantity);
        if (value.signum() < 0) {
            throw new IllegalArgumentException("\"" + quantity + "\" is negative; a request cannot be");
        }
        return value;
    }

    private static BigDecimal scaled(BigDecimal number, String suffix) {
        if (suffix == null) {
            return number;
        }
        if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            return number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        }
        return number.multiply(SUFFIXES.get(suffix));
    }
}
