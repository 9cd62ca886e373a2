package io.procscope.api.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ReceiverUrlsTest {

    private static final URI SLACK =
            URI.create("https://hooks.slack.com/services/T0001/B0002/XXXXsecretXXXX?token=also-secret#frag");
    private static final URI WITH_PASSWORD = URI.create("https://ops:pa%40ss@alertmanager.example:9093/am/api?x=1");

    @Test
    void redactionKeepsSchemeHostPortAndFirstPathSegmentOnly() {
        assertThat(ReceiverUrls.redact(SLACK)).isEqualTo("https://hooks.slack.com/services/…");
        assertThat(ReceiverUrls.redact(WITH_PASSWORD)).isEqualTo("https://alertmanager.example:9093/am/…");
        assertThat(ReceiverUrls.redact(URI.create("http://127.0.0.1:9093"))).isEqualTo("http://127.0.0.1:9093");
        assertThat(ReceiverUrls.redact(URI.create("http://127.0.0.1:9093/"))).isEqualTo("http://127.0.0.1:9093");
        assertThat(ReceiverUrls.redact(URI.create("http://am:9093/hook"))).isEqualTo("http://am:9093/hook");
        assertThat(ReceiverUrls.redact(URI.create("http://am/hook?k=v"))).isEqualTo("http://am/hook/…");
        assertThat(ReceiverUrls.redact(URI.create("http://user@am/"))).isEqualTo("http://am/…");
        assertThat(ReceiverUrls.redact(URI.create("mailto:ops@example.com"))).isEqualTo("mailto:…");
        assertThat(ReceiverUrls.redact(null)).isEqualTo("(none)");
    }

    @Test
    void redactedUrlHoldsNoSecret() {
        for (URI url : new URI[] {SLACK, WITH_PASSWORD}) {
            String shown = ReceiverUrls.redact(url);
            assertThat(shown)
                    .doesNotContain("secret")
                    .doesNotContain("pa%40ss")
                    .doesNotContain("ops:")
                    .doesNotContain("token")
                    .doesNotContain("x=1")
                    .doesNotContain("B0002");
        }
    }

    @Test
    void scrubbingRemovesTheUrlAndItsPartsFromText() {
        String message = "Connection to " + SLACK
                + " failed; query was token=also-secret, path /services/T0001/B0002/XXXXsecretXXXX";
        String scrubbed = ReceiverUrls.scrub(message, SLACK);
        assertThat(scrubbed).doesNotContain("secret").contains("Connection to …");
        assertThat(ReceiverUrls.scrub("user ops:pa%40ss and ops:pa@ss", WITH_PASSWORD))
                .doesNotContain("pa%40ss")
                .doesNotContain("pa@ss");
        assertThat(ReceiverUrls.scrub(null, SLACK)).isNull();
    }

    @Test
    void userInfoBecomesBasicAuthorizationAndLeavesTheUrl() {
        assertThat(ReceiverUrls.withoutUserInfo(WITH_PASSWORD))
                .isEqualTo(URI.create("https://alertmanager.example:9093/am/api?x=1"));
        String header = ReceiverUrls.basicAuthorization(WITH_PASSWORD).orElseThrow();
        assertThat(header).startsWith("Basic ");
        assertThat(new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8))
                .isEqualTo("ops:pa@ss");
        assertThat(ReceiverUrls.basicAuthorization(SLACK)).isEmpty();
        assertThat(ReceiverUrls.withoutUserInfo(SLACK)).isSameAs(SLACK);
    }
}
