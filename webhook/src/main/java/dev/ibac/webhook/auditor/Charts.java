package dev.ibac.webhook.auditor;

import static dev.ibac.webhook.auditor.Html.escape;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Inline SVG charts, drawn on the server: no script, nothing fetched, so the page keeps its
 * {@code default-src 'none'} policy. Sizes are in the viewBox; the SVG scales to its column, and
 * the text is sized so it stays readable at the narrowest column the page allows (about 420 px).
 */
final class Charts {
    static final String ALLOWED = "#2e7d32";
    static final String DENIED = "#c62828";
    static final String SPEND = "#1f5fa8";
    static final List<String> PALETTE = List.of("#1f5fa8", "#e07b00", "#7b3fa0", "#0f8b8d", "#b5446e", "#6b8e23", "#8d8d8d");
    private static final int W = 640;
    private static final int H = 270;
    private static final int LEFT = 70;
    private static final int RIGHT = 14;
    private static final int TOP = 34;
    private static final int BOTTOM = 52;

    private Charts() {}

    /** One stacked series: its name in the legend, colour and one value per bucket. */
    record Series(String name, String colour, double[] values) {}

    /**
     * A stacked bar chart. {@code ticks} labels a bucket on the x axis (empty: none); {@code format}
     * writes a y-axis value.
     */
    static String bars(String title, String yAxis, String xAxis, List<String> ticks, List<Series> series, DoubleFunction<String> format) {
        return bars(title, yAxis, xAxis, ticks, series, format, false);
    }

    /** {@code whole}: the values are counts, so the ticks are whole numbers (at least 0 to 4). */
    static String bars(String title, String yAxis, String xAxis, List<String> ticks, List<Series> series, DoubleFunction<String> format,
            boolean whole) {
        int n = ticks.size();
        double max = whole ? Math.max(4, niceMax(maxStack(series, n))) : niceMax(maxStack(series, n));
        StringBuilder svg = new StringBuilder(8192);
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" role=\"img\" font-family=\"system-ui,sans-serif\" font-size=\"14\"><title>").append(escape(title)).append("</title>");
        legend(svg, series);
        grid(svg, max, format);
        double slot = (double) (W - LEFT - RIGHT) / n;
        for (int i = 0; i < n; i++) {
            stack(svg, series, i, LEFT + i * slot, slot, max);
            if (!ticks.get(i).isEmpty()) {
                svg.append(text(LEFT + i * slot + slot / 2, H - BOTTOM + 18, "middle", ticks.get(i)));
            }
        }
        axes(svg, yAxis, xAxis);
        return svg.append("</svg>").toString();
    }

    private static double maxStack(List<Series> series, int n) {
        double max = 0;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (Series s : series) {
                sum += s.values()[i];
            }
            max = Math.max(max, sum);
        }
        return max;
    }

    /**
     * The top of the y axis: four grid steps of 1, 2 or 5 times a power of ten, so every tick is a
     * round number (whole verdicts for counts of four or more).
     */
    static double niceMax(double max) {
        if (max <= 0) {
            return 4;
        }
        double quarter = max / 4;
        double power = Math.pow(10, Math.floor(Math.log10(quarter)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= quarter * 0.9999) {
                return 4 * step * power;
            }
        }
        return 40 * power;
    }

    private static void legend(StringBuilder svg, List<Series> series) {
        double x = LEFT;
        for (Series s : series) {
            svg.append("<rect x=\"").append(fmt(x)).append("\" y=\"8\" width=\"12\" height=\"12\" fill=\"").append(s.colour()).append("\"/>");
            svg.append(text(x + 17, 19, "start", s.name()));
            x += 30 + 8 * Math.min(s.name().length(), 24);
        }
    }

    private static void grid(StringBuilder svg, double max, DoubleFunction<String> format) {
        int plotH = H - TOP - BOTTOM;
        for (int t = 0; t <= 4; t++) {
            double y = TOP + plotH - plotH * t / 4.0;
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(W - RIGHT).append("\" y1=\"").append(fmt(y))
                    .append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#e3e6ea\"/>");
            svg.append(text(LEFT - 6, y + 5, "end", format.apply(max * t / 4)));
        }
    }

    private static void stack(StringBuilder svg, List<Series> series, int i, double x, double slot, double max) {
        int plotH = H - TOP - BOTTOM;
        double base = TOP + plotH;
        for (Series s : series) {
            double h = plotH * s.values()[i] / max;
            if (h > 0) {
                base -= h;
                svg.append("<rect x=\"").append(fmt(x + slot * 0.1)).append("\" y=\"").append(fmt(base)).append("\" width=\"")
                        .append(fmt(slot * 0.8)).append("\" height=\"").append(fmt(h)).append("\" fill=\"").append(s.colour())
                        .append("\"><title>").append(escape(s.name())).append(": ").append(escape(trim(s.values()[i])))
                        .append("</title></rect>");
            }
        }
    }

    private static void axes(StringBuilder svg, String yAxis, String xAxis) {
        int plotBottom = H - BOTTOM;
        svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(W - RIGHT).append("\" y1=\"").append(plotBottom)
                .append("\" y2=\"").append(plotBottom).append("\" stroke=\"#555\"/>");
        svg.append("<text x=\"").append(fmt((LEFT + W - RIGHT) / 2.0)).append("\" y=\"").append(H - 8)
                .append("\" text-anchor=\"middle\" fill=\"#333\">").append(escape(xAxis)).append("</text>");
        double middle = TOP + (H - TOP - BOTTOM) / 2.0;
        svg.append("<text transform=\"translate(16 ").append(fmt(middle)).append(") rotate(-90)\" text-anchor=\"middle\" fill=\"#333\">")
                .append(escape(yAxis)).append("</text>");
    }

    /** A limit's spend as a bar: green to 75 %, amber to 100 %, red past it. */
    static String limitBar(double fraction) {
        double clamped = Math.max(0, Math.min(1, fraction));
        String colour = fraction >= 1 ? DENIED : fraction >= 0.75 ? "#e0a100" : ALLOWED;
        return "<svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" role=\"img\"><title>"
                + escape(Math.round(fraction * 100) + " % spent") + "</title><rect width=\"100\" height=\"10\" fill=\"#e5e7eb\"/>"
                + "<rect width=\"" + fmt(clamped * 100) + "\" height=\"10\" fill=\"" + colour + "\"/></svg>";
    }

    /** A mission's spend per bucket in a small chart without axes, for its row; the title says what it shows. */
    static String sparkline(String title, double[] values) {
        double max = Math.max(niceMax(maxStack(List.of(new Series("", "", values)), values.length)), 1e-9);
        StringBuilder svg = new StringBuilder(2048).append("<svg class=\"spark\" viewBox=\"0 0 140 30\" preserveAspectRatio=\"none\" role=\"img\"><title>")
                .append(escape(title)).append("</title><rect width=\"140\" height=\"30\" fill=\"#f0f2f5\"/>");
        double slot = 140.0 / values.length;
        for (int i = 0; i < values.length; i++) {
            double h = 28 * values[i] / max;
            if (h > 0) {
                svg.append("<rect x=\"").append(fmt(i * slot)).append("\" y=\"").append(fmt(30 - h)).append("\" width=\"")
                        .append(fmt(slot * 0.85)).append("\" height=\"").append(fmt(h)).append("\" fill=\"").append(SPEND).append("\"/>");
            }
        }
        return svg.append("</svg>").toString();
    }

    private static String text(double x, double y, String anchor, String text) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\" fill=\"#333\">" + escape(text) + "</text>";
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.4f", v);
    }
}
