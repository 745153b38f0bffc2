package org.asynchat.compliance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Checks JSON with a parser this project did not write: Python's {@code json} module, through
 * {@code python3}. A test hands it text and a Python expression over the parsed value {@code v}
 * ({@code v['ok']}, {@code v['backends'][0]['name']}) and gets the expression's {@code repr}-free
 * printout back; text that is not JSON fails the test with Python's error. Where there is no
 * {@code python3}, the test is skipped, saying so.
 */
public final class PythonJson {

    private PythonJson() {
    }

    /**
     * Parses {@code json} and prints {@code expression} over it, one {@code print} in Python: a
     * string prints as itself, {@code True}/{@code False}/{@code None} as Python writes them.
     *
     * @param json the text to parse
     * @param expression a Python expression over {@code v}, the parsed value
     * @return what it printed, without the final line break
     * @throws Exception if python3 cannot be run or does not finish within 30 s
     */
    public static String eval(String json, String expression) throws Exception {
        String script = "import json, sys\n"
                + "v = json.loads(sys.stdin.buffer.read().decode('utf-8'))\n"
                + "sys.stdout.buffer.write(str(" + expression + ").encode('utf-8'))\n";
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        } catch (IOException e) {
            String why = "SKIPPED: python3 is not installed here, so the JSON cannot be checked (" + e.getMessage() + ")";
            System.out.println(why);
            assumeTrue(false, why);
            throw e;
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(json.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "python3 did not finish");
        assertTrue(p.exitValue() == 0, "python3 could not parse the JSON or evaluate " + expression + ":\n" + out
                + "\nthe JSON: " + json);
        return out;
    }
}
