package dev.ibac.budget.cost;

import java.util.regex.Pattern;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** USD amounts: exact decimals, parsed from and written as decimal strings. */
public final class Money {
    /** Compiled once: prices are parsed per priced request. */
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    /** Sub-cent precision kept internally: token costs are fractions of a cent. */
    public static final int SCALE = 6;

    private Money() {}

    public static BigDecimal parse(String text, String field) {
        if (text == null || !DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException(field + ": \"" + text + "\" is not a decimal amount of USD like \"25.00\"");
        }
        return new BigDecimal(text);
    }

    /** At least two decimals, more only where they carry value ("0.00018", "12.50"). */
    public static String format(BigDecimal amount) {
        BigDecimal scaled = amount.setScale(SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
        return scaled.scale() < 2 ? scaled.setScale(2, RoundingMode.UNNECESSARY).toPlainString() : scaled.toPlainString();
    }
}
