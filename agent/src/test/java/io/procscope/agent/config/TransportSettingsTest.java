package io.procscope.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.procscope.agent.ship.TestCa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings of how the agent reaches the API: {@code ca-file}, {@code proxy}, {@code no-proxy}. */
class TransportSettingsTest {

    @TempDir
    static Path pki;

    private static TestCa ca;
    private static TestCa second;

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    @BeforeAll
    static void makeCas() {
        ca = TestCa.create(pki, "one");
        second = TestCa.create(pki, "two");
    }

    @Test
    void caFileReadsEveryCertificateOfABundleSkippingTextBetween() throws IOException {
        Path bundle = Files.writeString(
                dir.resolve("bundle.pem"),
                "# the old CA, until every API certificate is reissued\n" + Files.readString(ca.pem())
                        + "\nsubject=CN = procscope test CA two\n" + Files.readString(second.pem()));

        AgentConfig c =
                AgentConfig.fromMap(Map.of("api-url", "https://api.example:8443", "ca-file", bundle.toString()));

        assertThat(c.caFile()).contains(bundle);
        assertThat(c.caCertificates())
                .extracting(x -> x.getSubjectX500Principal().getName())
                .containsExactly("CN=procscope test CA one", "CN=procscope test CA two");
        assertThat(c.warnings()).isEmpty();
        assertThat(AgentConfig.fromMap(c.asMap()).caCertificates()).isEqualTo(c.caCertificates());
    }

    @Test
    void noCaFileMeansTheJdksTrustStore() {
        AgentConfig c = AgentConfig.defaults();

        assertThat(c.caFile()).isEmpty();
        assertThat(c.caCertificates()).isEmpty();
    }

    @Test
    void aMissingCaFileIsAStartUpErrorNamingTheSettingAndTheFile() {
        assertThatThrownBy(() -> AgentConfig.fromMap(
                        Map.of("ca-file", dir.resolve("absent.pem").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid ca-file '" + dir.resolve("absent.pem") + "' (map entry ca-file): no such file");
    }

    @Test
    void aCaPathThatIsNotAFileIsAStartUpError() throws IOException {
        Path directory = Files.createDirectory(dir.resolve("ca.d"));

        assertThat(errorOf(directory)).contains("cannot read the file");
    }

    @Test
    void anUnreadableCaFileIsAStartUpError() throws IOException {
        Path locked = Files.copy(ca.pem(), dir.resolve("locked.pem"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(locked), "root reads any file");

        assertThatThrownBy(() -> AgentConfig.fromMap(Map.of("ca-file", locked.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("cannot read the file: permission denied");
    }

    @Test
    void aGarbledCaFileIsAStartUpErrorSayingWhatIsWrong() throws IOException {
        String pem = Files.readString(ca.pem());
        Path truncated = Files.writeString(dir.resolve("truncated.pem"), pem.substring(0, pem.length() / 2));
        Path corrupt = Files.writeString(dir.resolve("corrupt.pem"), pem.replaceFirst("\n[A-Za-z0-9+/]{8}", "\nAAAA"));
        Path key = Files.writeString(
                dir.resolve("tls.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Path text = Files.writeString(dir.resolve("notes.txt"), "ask the platform team for the CA\n");

        assertThat(errorOf(truncated)).contains("a BEGIN CERTIFICATE line without its END CERTIFICATE line");
        assertThat(errorOf(corrupt)).contains("certificate 1 is not");
        assertThat(errorOf(key)).contains("a private key, no certificate");
        assertThat(errorOf(text)).contains("no '-----BEGIN CERTIFICATE-----' block");
    }

    @Test
    void warnsThatACaFileWithAnHttpApiUrlVerifiesNothing() {
        AgentConfig c = AgentConfig.fromMap(
                Map.of("api-url", "http://api:8080", "ca-file", ca.pem().toString()));

        assertThat(c.warnings()).singleElement().asString().contains("plain http: nothing is verified");
    }

    @Test
    void theProxyComesFromHttpsProxyForAnHttpsApiLowerCaseFirst() {
        env.put("HTTPS_PROXY", "http://upper:3128");
        env.put("HTTP_PROXY", "http://plain:3128");
        env.put("PROCSCOPE_AGENT_API_URL", "https://api.example.com");

        assertThat(load().proxy()).hasValueSatisfying(p -> {
            assertThat(p.url()).isEqualTo("http://upper:3128");
            assertThat(p.origin()).startsWith("environment variable HTTPS_PROXY");
        });

        env.put("https_proxy", "lower:8080"); // no scheme: http, as curl reads it
        assertThat(load().proxy()).map(ApiProxy::url).contains("http://lower:8080");
        assertThat(load().apiThroughProxy()).isTrue();
    }

    @Test
    void anHttpApiUsesHttpProxyAndIgnoresHttpsProxy() {
        env.put("HTTPS_PROXY", "http://tls-proxy:3128");
        env.put("PROCSCOPE_AGENT_API_URL", "http://api.example.com:8080");
        assertThat(load().proxy()).isEmpty();

        env.put("http_proxy", "http://plain-proxy:3128");
        assertThat(load().proxy()).map(ApiProxy::url).contains("http://plain-proxy:3128");
    }

    @Test
    void theProxySettingOverridesTheEnvironmentAndOffTurnsItOff() {
        env.put("HTTPS_PROXY", "http://env-proxy:3128");
        env.put("PROCSCOPE_AGENT_API_URL", "https://api.example.com");
        env.put("PROCSCOPE_AGENT_PROXY", "http://egress.corp:8080");
        assertThat(load().proxy()).map(ApiProxy::url).contains("http://egress.corp:8080");

        env.put("PROCSCOPE_AGENT_PROXY", "off");
        assertThat(load().proxy()).isEmpty();
        assertThat(load().apiThroughProxy()).isFalse();
    }

    @Test
    void noProxyComesFromTheEnvironmentUnlessTheSettingIsGiven() {
        env.put("PROCSCOPE_AGENT_API_URL", "https://procscope-api.procscope.svc:8443");
        env.put("HTTPS_PROXY", "http://egress:3128");
        env.put("NO_PROXY", "localhost,.svc,10.0.0.0/8");

        AgentConfig fromEnv = load();
        assertThat(fromEnv.noProxy().entries()).containsExactly("localhost", ".svc", "10.0.0.0/8");
        assertThat(fromEnv.apiThroughProxy()).isFalse();

        env.put("PROCSCOPE_AGENT_NO_PROXY", "example.com");
        assertThat(load().noProxy().entries()).containsExactly("example.com");
        assertThat(load().apiThroughProxy()).isTrue();
    }

    @Test
    void proxyCredentialsAreDecodedAndNeverShown() {
        env.put("PROCSCOPE_AGENT_API_URL", "https://api.example.com");
        env.put("HTTPS_PROXY", "http://svc-agent:p%40ss%3Aw0rd@egress:3128/");

        AgentConfig c = load();

        assertThat(c.proxy()).hasValueSatisfying(p -> {
            assertThat(p.username()).isEqualTo("svc-agent");
            assertThat(p.password()).isEqualTo("p@ss:w0rd");
            assertThat(p.toString()).isEqualTo("http://egress:3128 (with credentials)");
        });
        assertThat(c.toString())
                .doesNotContain("p%40ss", "p@ss")
                .contains("proxy=http://egress:3128 (with credentials)");
        assertThat(AgentConfig.fromMap(c.asMap()).proxy())
                .isEqualTo(c.proxy()
                        .map(p -> new ApiProxy(p.host(), p.port(), p.username(), p.password(), "map entry proxy")));
    }

    @Test
    void aBadProxyIsAStartUpErrorThatNeverEchoesItsPassword() {
        env.put("PROCSCOPE_AGENT_API_URL", "https://api.example.com");
        env.put("HTTPS_PROXY", "socks5://user:hunter2@socks:1080");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "invalid HTTPS_PROXY 'socks5://****@socks:1080' (environment variable HTTPS_PROXY")
                .hasMessageContaining("a socks5 proxy is not supported")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));

        env.put("HTTPS_PROXY", "http://user:hunter2@egress:3128/some/path");
        assertThatThrownBy(this::load)
                .satisfies(e -> assertThat(e.getMessage())
                        .contains("expected http://[user:password@]host:port")
                        .doesNotContain("hunter2"));
    }

    @Test
    void aBadNoProxyEntryIsAStartUpErrorNamingWhereItCameFrom() {
        env.put("NO_PROXY", "10.0.0.0/40");

        assertThatThrownBy(this::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("environment variable NO_PROXY")
                .hasMessageContaining("'10.0.0.0/40' is not a CIDR block");
    }

    private String errorOf(Path caFile) {
        try {
            AgentConfig.fromMap(Map.of("ca-file", caFile.toString()));
        } catch (ConfigException e) {
            assertThat(e.getMessage()).startsWith("invalid ca-file '" + caFile + "' (map entry ca-file): ");
            return e.getMessage();
        }
        throw new AssertionError("no error for " + caFile);
    }

    private AgentConfig load() {
        return AgentConfig.load(null, dir, env, new Properties());
    }
}
