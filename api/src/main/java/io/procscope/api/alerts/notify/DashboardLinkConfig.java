package io.procscope.api.alerts.notify;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.util.Optional;

/** Where people open the dashboard, for links in notifications. */
@ConfigMapping(prefix = "procscope.dashboard")
public interface DashboardLinkConfig {

    /**
     * {@code procscope.dashboard.url} ({@code PROCSCOPE_DASHBOARD_URL}): the dashboard's address as
     * people reach it, for example {@code https://procscope.example.com}; notifications link to the
     * host or process page under it. Unset by default: notifications then carry no link.
     */
    Optional<URI> url();
}
