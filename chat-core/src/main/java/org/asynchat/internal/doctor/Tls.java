package org.asynchat.internal.doctor;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * What this JVM offers for TLS: the default {@link SSLContext}'s enabled and supported protocols,
 * and the security providers in their order of preference. A JDK whose {@code java.security}
 * disables a protocol, or a FIPS provider placed first, shows up here.
 */
public final class Tls {

    private Tls() {
    }

    /**
     * Reads the default context and the providers. Creating the default context takes a moment
     * (it reads the trust store) and is done only here.
     *
     * @return the section
     */
    public static Section facts() {
        List<String> providers = new ArrayList<>();
        for (Provider p : Security.getProviders()) {
            providers.add(p.getName() + " " + p.getVersionStr());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        try {
            SSLContext context = SSLContext.getDefault();
            SSLParameters enabled = context.getDefaultSSLParameters();
            SSLParameters supported = context.getSupportedSSLParameters();
            json.put("context", context.getProtocol() + " from " + context.getProvider().getName());
            json.put("enabled_protocols", List.of(enabled.getProtocols()));
            json.put("supported_protocols", List.of(supported.getProtocols()));
            lines.add("protocols enabled " + String.join(", ", enabled.getProtocols()) + " (supported "
                    + String.join(", ", supported.getProtocols()) + "; default context from "
                    + context.getProvider().getName() + ")");
        } catch (GeneralSecurityException | RuntimeException e) {
            json.put("error", e.toString());
            lines.add("no default SSLContext: " + e + " (check java.security and the javax.net.ssl.* properties)");
        }
        json.put("providers", providers);
        lines.add("providers " + String.join(", ", providers));
        return new Section("tls", "tls", lines, json);
    }
}
