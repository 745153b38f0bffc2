package org.asynchat.bench.report;

import java.util.List;
import java.util.Locale;

/** A grouped bar chart as a self-contained SVG, linear or log scale. No library needed. */
final class Svg {

    private Svg() {
    }

    static String bars(String title, List<String> groups, String[] series, String[] colours, List<double[]> values,
            boolean log) {
        int barW = 14;
        int gap = 18;
        int groupW = series.length * barW + gap;
        int left = 60;
        int top = 40;
        int plotH = 300;
        int legendW = 190;
        int titleSize = 14;
        // The title sets the width when it is wider than plot and legend: it was cut off before.
        int width = Math.max(left + groups.size() * groupW + legendW, left + textWidth(title, titleSize) + 20);
        int legendX = left + groups.size() * groupW;
        int height = top + plotH + 60;
        double max = 0;
        double min = Double.MAX_VALUE;
        for (double[] v : values) {
            for (double d : v) {
                if (!Double.isNaN(d) && d > 0) {
                    max = Math.max(max, d);
                    min = Math.min(min, d);
                }
            }
        }
        double lo = log ? Math.pow(10, Math.floor(Math.log10(min))) : 0;
        double hi = log ? Math.pow(10, Math.ceil(Math.log10(max))) : niceCeiling(max);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", width, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"%d\">%s</text>%n", left, titleSize,
                esc(title)));
        // Axis and grid.
        if (log) {
            for (double t = lo; t <= hi * 1.0001; t *= 10) {
                gridLine(s, left, legendX, y(t, lo, hi, log, top, plotH), trim(t));
            }
        } else {
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(hi / 5) + 1e-9)); // one step's precision for all
            for (int k = 0; k <= 5; k++) {
                double t = hi * k / 5;
                gridLine(s, left, legendX, y(t, lo, hi, log, top, plotH),
                        String.format(Locale.ROOT, "%." + decimals + "f", t));
            }
        }
        for (int g = 0; g < groups.size(); g++) {
            int gx = left + g * groupW + gap / 2;
            double[] v = values.get(g);
            for (int k = 0; k < series.length; k++) {
                if (Double.isNaN(v[k]) || v[k] <= 0) {
                    continue;
                }
                int yTop = y(v[k], lo, hi, log, top, plotH);
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
                        + "<title>%s: %s</title></rect>%n", gx + k * barW, yTop, barW - 2, top + plotH - yTop, colours[k],
                        esc(series[k]), trim(v[k])));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    gx + series.length * barW / 2, top + plotH + 16, esc(groups.get(g))));
        }
        int lx = legendX + 10;
        for (int k = 0; k < series.length; k++) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", lx, top + k * 18, colours[k], lx + 18, top + k * 18 + 10,
                    esc(series[k])));
        }
        return s.append("</svg>\n").toString();
    }

    /**
     * An upper estimate of a line of text's width in pixels, for sizing the picture: about 0.6 em
     * per character in a sans-serif font (DejaVu Sans, the widest common default, averages 0.55
     * on such titles). An SVG cannot measure its own text.
     */
    static int textWidth(String text, int fontSize) {
        return (int) Math.ceil(text.length() * fontSize * 0.6);
    }

    private static void gridLine(StringBuilder s, int x0, int x1, int y, String label) {
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", x0, y, x1, y, x0 - 6, y + 4, label));
    }

    private static int y(double v, double lo, double hi, boolean log, int top, int plotH) {
        double frac = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : v / hi;
        return (int) Math.round(top + plotH - frac * plotH);
    }

    private static double niceCeiling(double max) {
        double p = Math.pow(10, Math.floor(Math.log10(max)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= max) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String trim(double v) {
        return v >= 10 ? String.format(Locale.ROOT, "%.0f", v) : v >= 1 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2g", v);
    }

    private static String esc(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
