package io.procscope.api.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Says at start which other sites' pages may call the API, when {@code procscope.cors.origins} lists any. */
@ApplicationScoped
class CorsAnnouncement {

    private static final Logger LOG = Logger.getLogger(CorsAnnouncement.class);

    void announce(@Observes StartupEvent event, CorsConfig config) {
        config.origins()
                .filter(origins -> !origins.isEmpty())
                .ifPresent(origins -> LOG.infof(
                        "CORS is on: pages of %s may call the API, sending a key of their own.",
                        String.join(", ", origins)));
    }
}
