package io.procscope.api.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.api.alerts.notify.DeliveryConfig.WebhookFormat;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bodies each receiver gets, and the receivers' checks of their settings. */
class NotificationBodiesTest {

    private static final long FIRED = 1_764_144_000_000L; // 2025-11-26T08:00:00Z
    private static final long RESOLVED = FIRED + 600_000;
    private static final Notification FIRING_PROCESS = new Notification(
            1,
            42,
            "alertmanager",
            0,
            FIRED,
            "nginx-cpu",
            "web-1",
            "pid:812:1764143000000",
            812,
            1_764_143_000_000L,
            "nginx",
            "firing",
            FIRED,
            FIRED,
            97.256,
            "warning",
            Map.of("team", "web", "alertname", "spoofed", "bad-name", "x", "9lives", "y", "empty", ""),
            "nginx (pid 812) on web-1 uses 97.3 % CPU");
    private static final Notification RESOLVED_HOST = new Notification(
            2,
            43,
            "webhook:ops",
            0,
            RESOLVED,
            "web-stale",
            "web <1> & co",
            "",
            null,
            null,
            null,
            "resolved",
            RESOLVED,
            FIRED,
            0,
            "critical",
            Map.of(),
            "<!channel> web <1> reports again & again");
    private static final DashboardLinks LINKS = new DashboardLinks(Optional.of(URI.create("https://ps.example/")));
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void alertmanagerAlertCarriesRuleHostProcessAndRuleLabelsButNeverOverridesItsOwn() {
        long now = FIRED + 5_000;
        AlertmanagerReceiver.Alert alert =
                AlertmanagerReceiver.alert(FIRING_PROCESS, now, Duration.ofMinutes(1), LINKS.of(FIRING_PROCESS));
        assertThat(alert.labels())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "alertname", "nginx-cpu",
                        "host", "web-1",
                        "severity", "warning",
                        "process", "nginx",
                        "pid", "812",
                        "team", "web",
                        "bad_name", "x",
                        "_9lives", "y"));
        assertThat(alert.annotations())
                .containsEntry("summary", "nginx (pid 812) on web-1 uses 97.3 % CPU")
                .containsEntry("dashboard", "https://ps.example/hosts/web-1/processes/812?start=1764143000000");
        assertThat(alert.annotations().get("description"))
                .contains("nginx-cpu", "firing", "nginx (pid 812) on web-1", "97.26", "event 42");
        assertThat(alert.startsAt()).isEqualTo("2025-11-26T08:00:00Z");
        // Firing: until four resend periods from now, unless posted again.
        assertThat(alert.endsAt()).isEqualTo("2025-11-26T08:04:05Z");
        assertThat(alert.generatorURL()).isEqualTo(alert.annotations().get("dashboard"));
    }

    @Test
    void resolvedAlertmanagerAlertEndsAtItsResolution() {
        AlertmanagerReceiver.Alert alert =
                AlertmanagerReceiver.alert(RESOLVED_HOST, RESOLVED + 9_000, Duration.ofMinutes(1), Optional.empty());
        assertThat(alert.startsAt()).isEqualTo("2025-11-26T08:00:00Z");
        assertThat(alert.endsAt()).isEqualTo("2025-11-26T08:10:00Z");
        assertThat(alert.labels()).doesNotContainKeys("process", "pid").containsEntry("host", "web <1> & co");
        assertThat(alert.annotations()).doesNotContainKey("dashboard");
        assertThat(alert.generatorURL()).isNull();
    }

    @Test
    void alertmanagerIsPostedAtApiV2AlertsWithItsCredentialsAsAHeader() {
        AlertmanagerReceiver am = new AlertmanagerReceiver(
                URI.create("https://u:p@am.example:9093/prefix/"), Duration.ofMinutes(1), LINKS);
        assertThat(am.endpoint()).isEqualTo(URI.create("https://am.example:9093/prefix/api/v2/alerts"));
        assertThat(am.authorization()).isEqualTo("Basic dTpw");
        assertThat(am.shownUrl()).isEqualTo("https://am.example:9093/prefix/…");
    }

    @Test
    void jsonBodyHasTheEventIdAndEveryField() throws Exception {
        WebhookReceiver hook = new WebhookReceiver("ops", URI.create("http://h/x"), WebhookFormat.JSON, LINKS);
        JsonNode body = JSON.valueToTree(hook.body(FIRING_PROCESS, FIRED));
        assertThat(body.get("version").asInt()).isEqualTo(1);
        assertThat(body.get("id").asLong()).isEqualTo(42);
        assertThat(body.get("receiver").asText()).isEqualTo("webhook:ops");
        assertThat(body.get("status").asText()).isEqualTo("firing");
        assertThat(body.get("rule").asText()).isEqualTo("nginx-cpu");
        assertThat(body.get("host").asText()).isEqualTo("web-1");
        assertThat(body.get("process").asText()).isEqualTo("nginx");
        assertThat(body.get("pid").asInt()).isEqualTo(812);
        assertThat(body.get("startTimeMillis").asLong()).isEqualTo(1_764_143_000_000L);
        assertThat(body.get("at").asText()).isEqualTo("2025-11-26T08:00:00Z");
        assertThat(body.get("atMillis").asLong()).isEqualTo(FIRED);
        assertThat(body.get("value").asDouble()).isEqualTo(97.256);
        assertThat(body.get("labels").get("team").asText()).isEqualTo("web");
        assertThat(body.get("dashboardUrl").asText()).startsWith("https://ps.example/hosts/web-1/processes/812");
        assertThat(hook.headers(FIRING_PROCESS)).containsEntry("Idempotency-Key", "42");

        JsonNode resolved = JSON.valueToTree(WebhookReceiver.json(RESOLVED_HOST, "webhook:ops", Optional.empty()));
        assertThat(resolved.get("status").asText()).isEqualTo("resolved");
        assertThat(resolved.get("startsAt").asText()).isEqualTo("2025-11-26T08:00:00Z");
        assertThat(resolved.has("pid")).isTrue();
        assertThat(resolved.get("pid").isNull()).isTrue();
        assertThat(resolved.get("dashboardUrl").isNull()).isTrue();
    }

    @Test
    void notANumberIsNullInJson() throws Exception {
        Notification nan = new Notification(
                3,
                44,
                "webhook:ops",
                0,
                FIRED,
                "r",
                "h",
                "",
                null,
                null,
                null,
                "firing",
                FIRED,
                FIRED,
                Double.NaN,
                "info",
                Map.of(),
                "s");
        String written = JSON.writeValueAsString(WebhookReceiver.json(nan, "webhook:ops", Optional.empty()));
        assertThat(JSON.readTree(written).get("value").isNull()).isTrue();
        assertThat(AlertmanagerReceiver.description(nan)).contains("value n/a");
    }

    @Test
    void slackBodyHasTextAndBlocksWithEveryNameEscaped() {
        WebhookReceiver.SlackBody body = WebhookReceiver.slack(RESOLVED_HOST, LINKS.of(RESOLVED_HOST));
        JsonNode tree = JSON.valueToTree(body);
        assertThat(tree.get("text").asText())
                .isEqualTo("[RESOLVED] web-stale on web &lt;1&gt; &amp; co: &lt;!channel&gt; web &lt;1&gt; reports"
                        + " again &amp; again");
        JsonNode section = tree.get("blocks").get(0);
        assertThat(section.get("type").asText()).isEqualTo("section");
        assertThat(section.get("text").get("type").asText()).isEqualTo("mrkdwn");
        assertThat(section.get("text").get("text").asText())
                .contains("*[RESOLVED] web-stale* on *web &lt;1&gt; &amp; co* (critical)")
                .doesNotContain("<!channel>");
        JsonNode context = tree.get("blocks").get(1);
        assertThat(context.get("type").asText()).isEqualTo("context");
        assertThat(context.get("elements").get(0).get("text").asText())
                .contains("event 43", "<https://ps.example/hosts/web%20%3C1%3E%20%26%20co|open in procscope>");
    }

    @Test
    void slackSectionStaysWithinSlacksLimit() {
        Notification longSummary = new Notification(
                4,
                45,
                "webhook:ops",
                0,
                FIRED,
                "r",
                "h",
                "",
                null,
                null,
                null,
                "firing",
                FIRED,
                FIRED,
                1,
                "info",
                Map.of(),
                "&".repeat(5000));
        JsonNode section = JSON.valueToTree(WebhookReceiver.slack(longSummary, Optional.empty()))
                .get("blocks")
                .get(0);
        assertThat(section.get("text").get("text").asText().length()).isLessThanOrEqualTo(3000);
    }

    @Test
    void dashboardLinksEncodeNamesAsOnePathSegment() {
        assertThat(DashboardLinks.pathSegment("web-1.example")).isEqualTo("web-1.example");
        assertThat(DashboardLinks.pathSegment("a/b?c#d é")).isEqualTo("a%2Fb%3Fc%23d%20%C3%A9");
        assertThat(new DashboardLinks(Optional.empty()).of(FIRING_PROCESS)).isEmpty();
        assertThat(LINKS.of(RESOLVED_HOST)).contains("https://ps.example/hosts/web%20%3C1%3E%20%26%20co");
    }

    @Test
    void receiversThatCannotWorkStopTheStartNamingTheSetting() {
        assertThatThrownBy(() -> Receivers.build(new Receivers.Settings(
                        Optional.of(URI.create("ftp://am:21/")), Duration.ofMinutes(1), Map.of(), Optional.empty())))
                .hasMessageContaining("procscope.alerts.alertmanager.url")
                .hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> Receivers.build(new Receivers.Settings(
                        Optional.empty(),
                        Duration.ofMinutes(1),
                        Map.of("a.b", new Receivers.Webhook(URI.create("http://h/"), WebhookFormat.JSON)),
                        Optional.empty())))
                .hasMessageContaining("procscope.alerts.webhooks.\"a.b\".url");
        assertThatThrownBy(() -> Receivers.build(new Receivers.Settings(
                        Optional.empty(),
                        Duration.ofMinutes(1),
                        Map.of("ops", new Receivers.Webhook(URI.create("https://u:secret@/x?t=s"), WebhookFormat.JSON)),
                        Optional.empty())))
                .hasMessageContaining("procscope.alerts.webhooks.\"ops\".url")
                .hasMessageNotContaining("secret");
        assertThat(Receivers.build(new Receivers.Settings(
                                Optional.of(URI.create("http://am:9093")),
                                Duration.ofMinutes(1),
                                Map.of(
                                        "slack", new Receivers.Webhook(URI.create("https://h/s"), WebhookFormat.SLACK),
                                        "b-ops", new Receivers.Webhook(URI.create("https://h/j"), null)),
                                Optional.empty()))
                        .stream()
                        .map(Receiver::name))
                .containsExactly("alertmanager", "webhook:b-ops", "webhook:slack");
    }
}
