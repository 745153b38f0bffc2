package org.asynchat.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a results directory (JMH JSON from {@code run-jmh.sh}, {@code memscan.tsv}, the load
 * harness's {@code load-summary.tsv}) into the Markdown tables of {@code BENCHMARKS.md}
 * ({@code tables.md}) and the charts beside it ({@code scanner.svg}, {@code load.svg}); the
 * harness output is read from {@code load/} (RESP) and {@code load-http/} (HTTP).
 *
 * <p>{@code java -cp chat-benchmarks/target/benchmarks.jar org.asynchat.bench.report.Report chat-benchmarks/results}
 */
public final class Report {

    /** One JMH result. */
    record Result(String clazz, String method, Map<String, String> params, double score, double scoreError,
            double bytesPerSecond, double framesPerSecond, double allocPerOp) {
    }

    private final List<Result> results = new ArrayList<>();
    /** "lf-dense-65536" to GB/s. */
    private final Map<String, Double> memscan = new HashMap<>();
    private final Path dir;

    private Report(Path dir) {
        this.dir = dir;
    }

    /**
     * Writes {@code tables.md}, {@code scanner.svg} and {@code load.svg} into the directory.
     *
     * @param args the results directory
     * @throws IOException if reading or writing fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Report RESULTS_DIR");
            System.exit(2);
        }
        Report r = new Report(Path.of(args[0]));
        r.load();
        StringBuilder md = new StringBuilder();
        r.scannerLineTable(md, "65536");
        r.scannerMultiTable(md);
        r.sizeTable(md);
        r.framerTable(md);
        r.outputTable(md);
        r.loadTable(md);
        Files.writeString(r.dir.resolve("tables.md"), md);
        Files.writeString(r.dir.resolve("scanner.svg"), r.scannerChart());
        Path load = r.dir.resolve("load").resolve("load-summary.tsv");
        if (Files.exists(load)) {
            Files.writeString(r.dir.resolve("load.svg"), r.loadChart(Files.readAllLines(load)));
        }
        System.out.println("wrote tables.md and charts to " + r.dir);
    }

    @SuppressWarnings("unchecked")
    private void load() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json") && f.toFile().length() > 0).sorted().toList()) {
                for (Object o : (List<Object>) Json.parse(Files.readString(p))) {
                    Map<String, Object> m = (Map<String, Object>) o;
                    String full = (String) m.get("benchmark");
                    String[] parts = full.split("\\.");
                    Map<String, String> params = new LinkedHashMap<>();
                    Object ps = m.get("params");
                    if (ps instanceof Map<?, ?> pm) {
                        pm.forEach((k, v) -> params.put((String) k, (String) v));
                    }
                    Map<String, Object> primary = (Map<String, Object>) m.get("primaryMetric");
                    Map<String, Object> secondary = (Map<String, Object>) m.getOrDefault("secondaryMetrics", Map.of());
                    results.add(new Result(parts[parts.length - 2], parts[parts.length - 1], params,
                            num(primary.get("score")), num(primary.get("scoreError")),
                            secondary(secondary, "bytes"), secondary(secondary, "frames"),
                            secondary(secondary, "gc.alloc.rate.norm")));
                }
            }
        }
        Path tsv = dir.resolve("memscan.tsv");
        if (Files.exists(tsv)) {
            for (String line : Files.readAllLines(tsv)) {
                String[] f = line.split("\t");
                if (f.length == 4) {
                    memscan.put(f[0].replace(".bin", ""), Double.parseDouble(f[3]));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static double secondary(Map<String, Object> secondary, String name) {
        Object o = secondary.get(name);
        return o == null ? Double.NaN : num(((Map<String, Object>) o).get("score"));
    }

    private static double num(Object o) {
        return o instanceof Double d ? d : Double.NaN;
    }

    private Result find(String clazz, String method, String... keyValues) {
        outer:
        for (Result r : results) {
            if (!r.clazz().equals(clazz) || !r.method().equals(method)) {
                continue;
            }
            for (int k = 0; k < keyValues.length; k += 2) {
                if (!keyValues[k + 1].equals(r.params().get(keyValues[k]))) {
                    continue outer;
                }
            }
            return r;
        }
        return null;
    }

    private double gbps(String clazz, String method, String... keyValues) {
        Result r = find(clazz, method, keyValues);
        return r == null ? Double.NaN : r.bytesPerSecond() / 1e9;
    }

    private static String f(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.1f" : "%.2f", v);
    }

    private static String x(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f×", v);
    }

    private static String shapeName(String shape) {
        return shape.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private void scannerLineTable(StringBuilder md, String size) {
        md.append("### Scanner, `\\n`, ").append(Integer.parseInt(size) / 1024).append(" KiB buffers (GB/s)\n\n")
                .append("| data | buffer | asynchat default (SWAR) | asynchat vector | naive loop | Netty `indexOf` "
                        + "| Netty `forEachByte(FIND_LF)` | Netty `ByteBufUtil.indexOf` | glibc `memchr` "
                        + "| vector ÷ Netty best | vector ÷ memchr | default ÷ Netty same buffer | gc B/op (default, vector) |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (String shape : new String[] {"DENSE", "TYPICAL", "FREE"}) {
            for (String buffer : new String[] {"heap", "direct"}) {
                String[] k = {"shape", shape, "buffer", buffer, "size", size};
                double ours = gbps("LineScanBenchmark", "asynchat", k);
                double vec = gbps("LineScanBenchmark", "asynchatVector", k);
                double nettyIdx = gbps("LineScanBenchmark", "nettyIndexOf", k);
                double nettyBest = Math.max(nettyIdx, Math.max(gbps("LineScanBenchmark", "nettyIndexOf", "shape", shape,
                        "buffer", "direct", "size", size), gbps("LineScanBenchmark", "nettyByteBufUtil", "shape", shape,
                        "buffer", "direct", "size", size)));
                double mem = memscan.getOrDefault("lf-" + shapeName(shape) + "-" + size, Double.NaN);
                Result a = find("LineScanBenchmark", "asynchat", k);
                Result v = find("LineScanBenchmark", "asynchatVector", k);
                md.append("| ").append(shapeName(shape)).append(" | ").append(buffer).append(" | ").append(f(ours))
                        .append(" | ").append(f(vec)).append(" | ").append(f(gbps("LineScanBenchmark", "naive", k)))
                        .append(" | ").append(f(nettyIdx)).append(" | ")
                        .append(f(gbps("LineScanBenchmark", "nettyForEachByte", k))).append(" | ")
                        .append(f(gbps("LineScanBenchmark", "nettyByteBufUtil", k))).append(" | ").append(f(mem))
                        .append(" | ").append(x(vec / nettyBest)).append(" | ").append(x(vec / mem)).append(" | ")
                        .append(x(ours / nettyIdx)).append(" | ")
                        .append(a == null ? "–" : f(a.allocPerOp())).append(", ")
                        .append(v == null ? "–" : f(v.allocPerOp())).append(" |\n");
            }
        }
        md.append("\n\"Netty best\" is the faster of Netty's two paths on a direct buffer (`ByteBuf.indexOf`, "
                + "`ByteBufUtil.indexOf`) in this run.\n\n");
    }

    private void scannerMultiTable(StringBuilder md) {
        md.append("### Scanner, multi-byte delimiters, 64 KiB buffers (GB/s)\n\n")
                .append("| delimiter | data | buffer | asynchat default | asynchat vector | naive loop "
                        + "| Netty `ByteBufUtil.indexOf` | glibc `memmem` | vector ÷ ByteBufUtil | default ÷ ByteBufUtil "
                        + "| gc B/op (vector) |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (String d : new String[] {"CRLF", "CRLFCRLF", "SMTP", "MIME"}) {
            for (String shape : new String[] {"DENSE", "TYPICAL", "FREE", "CRLF_LINES"}) {
                for (String buffer : new String[] {"heap", "direct"}) {
                    String[] k = {"delimiter", d, "shape", shape, "buffer", buffer, "size", "65536"};
                    double ours = gbps("DelimiterScanBenchmark", "asynchat", k);
                    double vec = gbps("DelimiterScanBenchmark", "asynchatVector", k);
                    double util = gbps("DelimiterScanBenchmark", "nettyByteBufUtil", k);
                    Result v = find("DelimiterScanBenchmark", "asynchatVector", k);
                    if (Double.isNaN(ours) && Double.isNaN(vec)) {
                        continue;
                    }
                    md.append("| ").append(d.toLowerCase(Locale.ROOT)).append(" | ").append(shapeName(shape)).append(" | ")
                            .append(buffer).append(" | ").append(f(ours)).append(" | ").append(f(vec)).append(" | ")
                            .append(f(gbps("DelimiterScanBenchmark", "naive", k))).append(" | ").append(f(util))
                            .append(" | ").append(f(memscan.getOrDefault(d.toLowerCase(Locale.ROOT) + "-" + shapeName(shape)
                                    + "-65536", Double.NaN)))
                            .append(" | ").append(x(vec / util)).append(" | ").append(x(ours / util)).append(" | ")
                            .append(v == null ? "–" : f(v.allocPerOp())).append(" |\n");
                }
            }
        }
        md.append('\n');
    }

    private void sizeTable(StringBuilder md) {
        md.append("### Scanner, `\\n`, by buffer size (GB/s)\n\n")
                .append("| data | buffer | size | asynchat default | asynchat vector | Netty `indexOf` | glibc `memchr` |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (String shape : new String[] {"DENSE", "TYPICAL", "FREE"}) {
            for (String buffer : new String[] {"heap", "direct"}) {
                for (String size : new String[] {"4096", "65536", "1048576"}) {
                    String[] k = {"shape", shape, "buffer", buffer, "size", size};
                    md.append("| ").append(shapeName(shape)).append(" | ").append(buffer).append(" | ")
                            .append(Integer.parseInt(size) / 1024).append(" KiB | ")
                            .append(f(gbps("LineScanBenchmark", "asynchat", k))).append(" | ")
                            .append(f(gbps("LineScanBenchmark", "asynchatVector", k))).append(" | ")
                            .append(f(gbps("LineScanBenchmark", "nettyIndexOf", k))).append(" | ")
                            .append(f(memscan.getOrDefault("lf-" + shapeName(shape) + "-" + size, Double.NaN))).append(" |\n");
                }
            }
        }
        md.append('\n');
    }

    private void framerTable(StringBuilder md) {
        String[] methods = {"framer", "framerVector", "asyncChat", "asyncChatVector", "nettyLineBased", "nettyDelimiterBased"};
        md.append("### Framer: 256 KiB streams in 4 KiB reads (million frames/s, and bytes allocated per frame)\n\n")
                .append("| delimiter | records | InputFramer | InputFramer vector | AsyncChat+EventLoop | AsyncChat+EventLoop vector "
                        + "| Netty LineBased | Netty DelimiterBased | best ours ÷ LineBased |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (String d : new String[] {"LF", "CRLF"}) {
            for (String shape : new String[] {"DENSE", "TYPICAL"}) {
                md.append("| ").append(d.toLowerCase(Locale.ROOT)).append(" | ").append(shapeName(shape));
                double best = 0;
                for (String m : methods) {
                    Result r = find("FramerBenchmark", m, "delimiter", d, "shape", shape);
                    if (r == null) {
                        md.append(" | –");
                        continue;
                    }
                    double framesPerOp = r.framesPerSecond() / r.score();
                    md.append(" | ").append(f(r.framesPerSecond() / 1e6)).append(" (")
                            .append(f(r.allocPerOp() / framesPerOp)).append(" B)");
                    if (!m.startsWith("netty")) {
                        best = Math.max(best, r.framesPerSecond());
                    }
                }
                Result line = find("FramerBenchmark", "nettyLineBased", "delimiter", d, "shape", shape);
                md.append(" | ").append(line == null ? "–" : x(best / line.framesPerSecond())).append(" |\n");
            }
        }
        md.append('\n');
    }

    private void outputTable(StringBuilder md) {
        md.append("### Output queue into a null sink (GB/s of queued bytes; million pushes/s; B allocated per 64 KiB)\n\n")
                .append("| message size | push(byte[]) | push(direct ByteBuffer) | one producer, slices of this size |\n")
                .append("|---|---|---|---|\n");
        for (String size : new String[] {"16", "256", "4096", "65536"}) {
            md.append("| ").append(size).append(" B");
            for (String m : new String[] {"pushArray", "pushDirectBuffer", "producer"}) {
                Result r = find("OutputBenchmark", m, "size", size);
                md.append(" | ").append(r == null ? "–" : f(r.bytesPerSecond() / 1e9) + " GB/s; "
                        + (m.equals("producer") ? "" : f(r.framesPerSecond() / 1e6) + " M/s; ") + f(r.allocPerOp()) + " B");
            }
            md.append(" |\n");
        }
        md.append('\n');
    }

    private void loadTable(StringBuilder md) throws IOException {
        summaryTable(md, "### Whole server: `resp`, redis-benchmark, 50 connections (medians of the rounds)",
                dir.resolve("load").resolve("load-summary.tsv"));
        summaryTable(md, "### Whole server: `http`, wrk, 50 connections (medians of the rounds)",
                dir.resolve("load-http").resolve("load-summary.tsv"));
        idleTable(md, "### Memory per idle connection after the load (each connection served one PING, then idle)",
                dir.resolve("load").resolve("idle-memory.tsv"));
        idleTable(md, "### Idle connections as users run the server: `echo` (one line each, then idle)",
                dir.resolve("idle-echo").resolve("idle-memory.tsv"));
        idleTable(md, "### Idle connections as users run the server: `resp` (one PING each, then idle)",
                dir.resolve("idle-resp").resolve("idle-memory.tsv"));
        idleTable(md, "### Idle connections on a freshly started server: `echo`, unpinned, no warm-up at all",
                dir.resolve("idle-echo-cold").resolve("idle-memory.tsv"));
    }

    /** An idle-memory TSV of the harness (bytes per connection) as a Markdown table. */
    private static void idleTable(StringBuilder md, String title, Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        List<String> lines = Files.readAllLines(p);
        String[] head = lines.get(0).split("\t");
        md.append(title).append(" (bytes per connection)\n\n| ")
                .append(String.join(" | ", java.util.Arrays.stream(head).map(h -> IDLE_HEADINGS.getOrDefault(h, h)).toList()))
                .append(" |\n|").append("---|".repeat(head.length)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            // NaN: not a JVM, or a figure read at the last checkpoint only
            md.append("| ").append(String.join(" | ", line.replace("NaN", "–").split("\t"))).append(" |\n");
        }
        md.append('\n');
    }

    private static final java.util.Map<String, String> IDLE_HEADINGS = java.util.Map.ofEntries(
            java.util.Map.entry("rss_bytes_per_connection", "RSS growth"),
            java.util.Map.entry("heap_bytes_per_connection", "live heap"),
            java.util.Map.entry("gc", "GC"),
            java.util.Map.entry("rss_per_conn", "RSS growth"),
            java.util.Map.entry("rss_per_added_conn", "RSS growth since the row above"),
            java.util.Map.entry("heap_pages_per_conn", "of which heap pages"),
            java.util.Map.entry("alloc_per_added_conn", "allocated per accept (since the row above)"),
            java.util.Map.entry("live_heap_per_conn", "live heap"),
            java.util.Map.entry("freed_c_heap_per_conn", "freed C-heap malloc kept"));

    /** A harness summary TSV as a Markdown table under a title; nothing if the file is absent. */
    private static void summaryTable(StringBuilder md, String title, Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        List<String> lines = Files.readAllLines(p);
        md.append(title).append("\n\n");
        String[] head = lines.get(0).split("\t");
        md.append("| ").append(String.join(" | ", head)).append(" |\n|").append("---|".repeat(head.length)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            md.append("| ").append(String.join(" | ", line.split("\t"))).append(" |\n");
        }
        md.append('\n');
    }

    // ---------------------------------------------------------------- charts

    private String scannerChart() {
        String[] contenders = {"asynchat", "asynchatVector", "nettyIndexOf", "nettyForEachByte", "nettyByteBufUtil", "naive"};
        String[] labels = {"asynchat default", "asynchat vector", "Netty indexOf", "Netty forEachByte", "Netty ByteBufUtil",
            "naive loop", "glibc memchr"};
        String[] colours = {"#1f77b4", "#08306b", "#ff7f0e", "#ffbb78", "#d62728", "#999999", "#2ca02c"};
        List<String> groups = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (String shape : new String[] {"DENSE", "TYPICAL", "FREE"}) {
            for (String buffer : new String[] {"heap", "direct"}) {
                double[] v = new double[labels.length];
                for (int c = 0; c < contenders.length; c++) {
                    v[c] = gbps("LineScanBenchmark", contenders[c], "shape", shape, "buffer", buffer, "size", "65536");
                }
                v[labels.length - 1] = memscan.getOrDefault("lf-" + shapeName(shape) + "-65536", Double.NaN);
                groups.add(shapeName(shape) + ", " + buffer);
                values.add(v);
            }
        }
        return Svg.bars("Scanning 64 KiB for \\n (GB/s, log scale; same run, same bytes)", groups, labels, colours,
                values, true);
    }

    private String loadChart(List<String> lines) {
        // Requests per server CPU-second at -P 16, one bar per server, grouped by test.
        List<String> servers = new ArrayList<>();
        Map<String, Map<String, Double>> byTest = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            if (!f[1].equals("16")) {
                continue;
            }
            if (!servers.contains(f[2])) {
                servers.add(f[2]);
            }
            byTest.computeIfAbsent(f[0], t -> new LinkedHashMap<>()).put(f[2], Double.parseDouble(f[5]) / 1e6);
        }
        String[] palette = {"#1f77b4", "#08306b", "#aec7e8", "#ff7f0e", "#d62728", "#2ca02c", "#999999", "#9467bd"};
        String[] colours = new String[servers.size()];
        for (int i = 0; i < colours.length; i++) {
            colours[i] = palette[i % palette.length];
        }
        List<String> groups = new ArrayList<>(byTest.keySet());
        List<double[]> values = new ArrayList<>();
        for (String t : groups) {
            double[] v = new double[servers.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = byTest.get(t).getOrDefault(servers.get(i), Double.NaN);
            }
            values.add(v);
        }
        return Svg.bars("resp server, redis-benchmark -P 16: million requests per server CPU-second", groups,
                servers.toArray(String[]::new), colours, values, false);
    }
}
