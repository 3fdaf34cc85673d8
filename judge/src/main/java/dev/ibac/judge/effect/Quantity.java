package dev.ibac.judge.effect;

import java.math.BigDecimal;

/** Kubernetes quantities as numbers, for effects and for the goal's settings ("requests.cpu=40" against "40000m"). */
public final class Quantity {
    private Quantity() {}

    /** A Kubernetes quantity ("500m", "2Gi", "1.5", "1e3") as a number; unreadable ones are zero. */
    public static BigDecimal of(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.length() > 40) {
            return BigDecimal.ZERO;
        }
        String[][] suffixes = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"Ti", "1099511627776"},
            {"Pi", "1125899906842624"}, {"m", "0.001"}, {"k", "1000"}, {"M", "1000000"}, {"G", "1000000000"},
            {"T", "1000000000000"}};
        try {
            for (String[] suffix : suffixes) {
                if (t.endsWith(suffix[0])) {
                    return bounded(bounded(new BigDecimal(t.substring(0, t.length() - suffix[0].length())))
                            .multiply(new BigDecimal(suffix[1])));
                }
            }
            return bounded(new BigDecimal(t));
        } catch (NumberFormatException | ArithmeticException e) {
            return BigDecimal.ZERO;
        }
    }

    /** Quantities beyond 10^18 or below 10^-9 are nonsense here, and their plain text could be huge. */
    private static BigDecimal bounded(BigDecimal value) {
        int magnitude = value.precision() - value.scale();
        return value.signum() < 0 || magnitude > 18 || value.scale() > 9 ? BigDecimal.ZERO : value;
    }
}
