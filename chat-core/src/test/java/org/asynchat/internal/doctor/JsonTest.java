package org.asynchat.internal.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.asynchat.compliance.PythonJson;
import org.junit.jupiter.api.Test;

/** The report's JSON writer, checked by Python's json module. */
class JsonTest {

    @Test
    void quotesBackslashesAndControlCharactersAreEscapedAndEveryOtherCharacterKept() throws Exception {
        String tricky = "a \"quoted\" C:\\path\nnext\tline\r\u0000\u0001\u001f\u007f \b\f é 😀 \u2028\u2029 </script>";
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", tricky);
        value.put("key \"with\" \\ quotes\n", List.of(1L, -2, true, false));
        value.put("nothing", null);
        value.put("nested", Map.of("empty", List.of()));
        String json = Json.write(value);
        assertEquals(tricky, PythonJson.eval(json, "v['text']"));
        assertEquals("[1, -2, True, False] None {'empty': []}", PythonJson.eval(json,
                "' '.join(str(x) for x in (v['key \"with\" \\\\ quotes\\n'], v['nothing'], v['nested']))"));
        assertFalse(json.contains("\n"), "one line: " + json);
    }

    @Test
    void numbersThatAreNotIntegersAreWrittenAsStrings() throws Exception {
        String json = Json.write(Map.of("nan", Double.NaN, "big", 1e300));
        assertEquals("NaN 1.0E300", PythonJson.eval(json, "v['nan'] + ' ' + v['big']"));
    }
}
