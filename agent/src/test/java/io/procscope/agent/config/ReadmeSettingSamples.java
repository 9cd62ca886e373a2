package io.procscope.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A valid value other than the default for every setting the README's agent table lists, so that a
 * test can set all of them at once from one source and see each one read. A README row without a
 * sample here fails that test by its name: give the new setting a sample.
 */
public final class ReadmeSettingSamples {

    /** Host name the samples report as. */
    public static final String HOSTNAME = "readme-settings-host";

    /** The enrollment secret in the samples' {@code enroll-secret-file}. */
    public static final String FILE_SECRET = "readme-file-secret-0123456789";

    private static final Map<String, Function<Path, String>> SAMPLES = new LinkedHashMap<>();

    static {
        SAMPLES.put("api-url", dir -> "https://procscope-api.example.test:8443");
        SAMPLES.put("enroll-secret", dir -> "readme-inline-secret-0123456789");
        SAMPLES.put("enroll-secret-file", dir -> dir.resolve("enroll-secret").toString());
        SAMPLES.put("credential-file", dir -> dir.resolve("state/credential").toString());
        SAMPLES.put("enroll-retry", dir -> "45s");
        SAMPLES.put("interval", dir -> "3s");
        SAMPLES.put("hostname", dir -> HOSTNAME);
        // the real /proc and passwd under other names, as a container mounts the host's
        SAMPLES.put("proc-path", dir -> dir.resolve("host-proc").toString());
        SAMPLES.put("passwd-path", dir -> dir.resolve("host-passwd").toString());
        SAMPLES.put("spool-dir", dir -> dir.resolve("state/spool").toString());
        SAMPLES.put("spool-max-bytes", dir -> "32MiB");
        SAMPLES.put("refused-retry", dir -> "5m");
        SAMPLES.put("timeout", dir -> "7s");
        SAMPLES.put("ca-file", dir -> dir.resolve("ca.crt").toString());
        SAMPLES.put("proxy", dir -> "http://proxy.example.test:3128");
        SAMPLES.put("no-proxy", dir -> "internal.example.test,10.0.0.0/8");
        SAMPLES.put("log-level", dir -> "DEBUG");
        SAMPLES.put("log-format", dir -> "json");
        SAMPLES.put("health-port", dir -> "9181");
        SAMPLES.put("include-names", dir -> "java*,procscope*");
        SAMPLES.put("exclude-names", dir -> "kworker*");
        SAMPLES.put("include-users", dir -> "*");
        SAMPLES.put("exclude-users", dir -> "readme-nobody");
        SAMPLES.put("include-command", dir -> ".");
        SAMPLES.put("exclude-command", dir -> "readme-never-[0-9]+");
        SAMPLES.put("scrub-command-line", dir -> "false");
        SAMPLES.put("scrub-words", dir -> "session-*");
        SAMPLES.put("drop-arguments", dir -> "true");
        SAMPLES.put("kubernetes-api", dir -> "off");
    }

    private ReadmeSettingSamples() {}

    /**
     * The sample of each README row, with the files they name made in {@code dir}.
     *
     * @param rows the README's rows
     * @param dir where the files the samples name are made
     * @return setting key to sample value, in README order
     * @throws AssertionError naming the first README row that has no sample
     */
    public static Map<String, String> forRows(List<ReadmeSettings.Row> rows, Path dir) throws IOException {
        Files.writeString(dir.resolve("enroll-secret"), FILE_SECRET + "\n");
        Files.writeString(dir.resolve("ca.crt"), jdkCaPem());
        Files.copy(Path.of("/etc/passwd"), dir.resolve("host-passwd"));
        Files.createSymbolicLink(dir.resolve("host-proc"), Path.of("/proc"));
        Map<String, String> values = new LinkedHashMap<>();
        for (ReadmeSettings.Row row : rows) {
            Function<Path, String> sample = SAMPLES.get(row.key());
            if (sample == null) {
                throw new AssertionError(row + " has no sample value in ReadmeSettingSamples: add one, valid and"
                        + " not the default, so that the settings tests set it from every source");
            }
            values.put(row.key(), sample.apply(dir));
        }
        return values;
    }

    /** One CA certificate of the JDK's trust store, as PEM: a real CA, not made for the test. */
    private static String jdkCaPem() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (var tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509 && x509.getAcceptedIssuers().length > 0) {
                    X509Certificate ca = x509.getAcceptedIssuers()[0];
                    return "-----BEGIN CERTIFICATE-----\n"
                            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(ca.getEncoded())
                            + "\n-----END CERTIFICATE-----\n";
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the JDK's trust store", e);
        }
        throw new IllegalStateException("the JDK's trust store holds no CA");
    }
}
