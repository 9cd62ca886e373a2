package io.procscope.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who may take an admin action, in each of the three configurations: admin keys, read keys only,
 * neither. (The application runs with admin keys in every test profile; {@code AdminHostsTest} and
 * {@code AdminAccessWithReadKeysTest} check the same answers over HTTP where a profile allows.)
 */
class AdminAccessTest {

    static final String ADMIN_KEY = "admin-key-0123456789";
    static final String READ_KEY = "read-key-0123456789";

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void isOffWithNeitherAdminNorReadKeys() {
        AdminAccess access = new AdminAccess(List.of(), List.of(), registry);

        AdminAccess.Decision decision = access.decide(bearer("anything"));

        assertThat(access.mode()).isEqualTo(AdminAccess.Mode.OFF);
        assertThat(decision.isAllowed()).isFalse();
        assertThat(decision.refusal().status()).isEqualTo(403);
        assertThat(decision.refusal().type()).isEqualTo(AdminAccess.OFF_TYPE);
        assertThat(decision.refusal().detail())
                .isEqualTo("admin actions are off on an open API: set procscope.admin.keys");
        assertThat(access.decide(null).refusal().status()).isEqualTo(403);
        assertThat(rejected("off")).isEqualTo(2);
    }

    @Test
    void takesAReadKeyWhenNoAdminKeyIsSet() {
        AdminAccess access = new AdminAccess(List.of(), List.of(READ_KEY), registry);

        assertThat(access.mode()).isEqualTo(AdminAccess.Mode.READ_KEYS);
        assertThat(access.decide(bearer(READ_KEY)).isAllowed()).isTrue();
        assertThat(access.decide(basic("ops", READ_KEY)).keyDigest()).isEqualTo(sha256(READ_KEY));
        assertThat(access.decide(bearer("not-" + READ_KEY)).refusal().status()).isEqualTo(401);
        assertThat(access.decide(null).refusal().detail()).contains("need a read key");
    }

    @Test
    void refusesAReadKeyOnceAdminKeysAreSet() {
        AdminAccess access = new AdminAccess(List.of(ADMIN_KEY), List.of(READ_KEY), registry);

        AdminAccess.Decision withReadKey = access.decide(bearer(READ_KEY));

        assertThat(access.mode()).isEqualTo(AdminAccess.Mode.ADMIN_KEYS);
        assertThat(withReadKey.isAllowed()).isFalse();
        assertThat(withReadKey.refusal().status()).isEqualTo(401);
        assertThat(withReadKey.refusal().detail()).contains("need an admin key").contains("may only read");
        assertThat(access.decide(bearer(ADMIN_KEY)).keyDigest()).isEqualTo(sha256(ADMIN_KEY));
        assertThat(access.decide(basic("", ADMIN_KEY)).isAllowed()).isTrue();
    }

    @Test
    void refusesAMissingOrWrongKeyWith401() {
        AdminAccess access = new AdminAccess(List.of(ADMIN_KEY), List.of(), registry);

        for (String header : new String[] {null, "", "Bearer ", "Token " + ADMIN_KEY, "Basic !!!", "Basic Zm9v"}) {
            AdminAccess.Decision decision = access.decide(header);
            assertThat(decision.isAllowed()).as(String.valueOf(header)).isFalse();
            assertThat(decision.refusal().status()).as(String.valueOf(header)).isEqualTo(401);
        }
        assertThat(access.decide(bearer(ADMIN_KEY + " ")).isAllowed())
                .as("a bearer token is taken stripped")
                .isTrue();
        assertThat(access.decide(bearer(ADMIN_KEY.toUpperCase())).refusal().detail())
                .isEqualTo("The key is not an admin key.");
        assertThat(rejected("missing_key")).isEqualTo(6);
        assertThat(rejected("invalid_key")).isEqualTo(1);
    }

    @Test
    void takesAnAdminKeyGivenAsItsDigest() {
        AdminAccess access = new AdminAccess(List.of("sha256:" + sha256(ADMIN_KEY)), List.of(), registry);

        assertThat(access.decide(bearer(ADMIN_KEY)).isAllowed()).isTrue();
    }

    @Test
    void namesTheKeyByTwelveHexDigitsOfItsDigest() {
        assertThat(AdminAccess.keyId(sha256(ADMIN_KEY)))
                .isEqualTo("sha256:" + sha256(ADMIN_KEY).substring(0, 12));
    }

    @Test
    void auditNamesStayOnOneLine() {
        assertThat(LogText.printable("web-1\nadmin sha256:000000000000 from 10.0.0.1 deleted host db"))
                .doesNotContain("\n")
                .startsWith("web-1\\u000aadmin");
        assertThat(LogText.printable("x".repeat(1000))).hasSize(301).endsWith("…");
        assertThat(LogText.printable("ünïcødé-主机")).isEqualTo("ünïcødé-主机");
    }

    private double rejected(String reason) {
        return registry.counter(AdminAccess.REJECTED, "reason", reason).count();
    }

    static String bearer(String key) {
        return "Bearer " + key;
    }

    static String basic(String user, String key) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(String key) {
        return HexFormat.of().formatHex(KeyDigests.sha256(key));
    }
}
