package org.asynchat.bench.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The charts keep every label inside the picture: load.svg used to cut its own title off. */
class SvgTest {

    private static final Pattern SVG_WIDTH = Pattern.compile("<svg [^>]*width=\"(\\d+)\"");
    private static final Pattern TEXT = Pattern.compile(
            "<text x=\"(\\d+)\" y=\"\\d+\"( text-anchor=\"(\\w+)\")?( font-size=\"(\\d+)\")?>([^<]*)</text>");

    @Test
    void aTitleWiderThanThePlotFits() {
        String[] servers = {"asynchat-epoll", "asynchat-nio", "netty-epoll", "netty-nio", "redis-server",
            "cpython-asynchat"};
        String[] colours = {"#1", "#2", "#3", "#4", "#5", "#6"};
        double[] v = {0.56, 0.59, 0.57, 0.65, 0.70, 0.078};
        String svg = Svg.bars("resp server, redis-benchmark -P 16: million requests per server CPU-second",
                List.of("get", "ping_mbulk", "set"), servers, colours, List.of(v, v, v), false);
        assertEveryTextFits(svg);
    }

    @Test
    void aWidePlotWithALogScaleFits() {
        String[] series = {"a", "b", "c", "d", "e", "f", "glibc memchr"};
        String[] colours = {"#1", "#2", "#3", "#4", "#5", "#6", "#7"};
        double[] v = {62, 20, 9, 3, 1.5, 0.9, 90};
        List<double[]> values = List.of(v, v, v, v, v, v);
        String svg = Svg.bars("Scanning 64 KiB for \\n (GB/s, log scale; same run, same bytes)",
                List.of("dense, heap", "dense, direct", "typical, heap", "typical, direct", "free, heap", "free, direct"),
                series, colours, values, true);
        assertEveryTextFits(svg);
    }

    /**
     * Every text element, at an upper estimate of its width (0.6 em a character, font size 11
     * unless given), lies between 0 and the picture's width.
     */
    private static void assertEveryTextFits(String svg) {
        Matcher w = SVG_WIDTH.matcher(svg);
        assertTrue(w.find(), svg);
        int width = Integer.parseInt(w.group(1));
        Matcher t = TEXT.matcher(svg);
        int texts = 0;
        while (t.find()) {
            texts++;
            int x = Integer.parseInt(t.group(1));
            String anchor = t.group(3) == null ? "start" : t.group(3);
            int size = t.group(5) == null ? 11 : Integer.parseInt(t.group(5));
            double extent = unescape(t.group(6)).length() * size * 0.6;
            double from = anchor.equals("end") ? x - extent : anchor.equals("middle") ? x - extent / 2 : x;
            double to = from + extent;
            assertTrue(from >= 0 && to <= width, "'" + t.group(6) + "' spans " + Math.round(from) + " to "
                    + Math.round(to) + " px in a picture " + width + " px wide");
        }
        assertTrue(texts > 5, "the chart's texts were found: " + svg);
    }

    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
