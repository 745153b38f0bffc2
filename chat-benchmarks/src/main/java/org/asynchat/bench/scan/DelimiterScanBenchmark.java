package org.asynchat.bench.scan;

import org.asynchat.bench.data.Delimiter;
import org.asynchat.bench.data.Shape;
import org.openjdk.jmh.annotations.Param;

/**
 * Scanning for delimiters of 2, 4, 5 and 40 bytes. {@code CRLF_LINES} is the false-positive
 * case: CRLF lines with the (longer) delimiter every ~1 KiB.
 */
public class DelimiterScanBenchmark extends ScanBenchmark {

    /** The delimiter. */
    @Param({"CRLF", "CRLFCRLF", "SMTP", "MIME"})
    public Delimiter delimiter;

    /** The data. */
    @Param({"DENSE", "TYPICAL", "FREE", "CRLF_LINES"})
    public Shape shape;

    @Override
    protected Delimiter delimiter() {
        return delimiter;
    }

    @Override
    protected Shape shape() {
        return shape;
    }
}
