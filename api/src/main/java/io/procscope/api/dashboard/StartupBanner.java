package io.procscope.api.dashboard;

import io.procscope.api.config.Database;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Says where the dashboard is once the API listens. */
@ApplicationScoped
class StartupBanner {

    private static final Logger LOG = Logger.getLogger(StartupBanner.class);

    @ConfigProperty(name = "quarkus.http.port")
    int port;

    @Inject
    Database database;

    void announce(@Observes StartupEvent event) {
        if (LaunchMode.current() == LaunchMode.TEST) {
            return;
        }
        String kind = "other".equals(database.kind()) ? "embedded SQLite file" : database.kind();
        LOG.infof(
                "procscope dashboard: http://localhost:%d/ (API under /api/v1, OpenAPI at /q/swagger-ui, database: %s)",
                port, kind);
    }
}
