package io.procscope.api.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link PostgresProfile} with the database behind a {@link PostgresProxy} that tests can cut, and
 * the {@link ShortTimingsProfile} settings, so that the PostgreSQL tests of the event stream and of
 * readiness share one start of the application.
 */
public class PostgresProxyProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(new PostgresProfile().getConfigOverrides());
        overrides.putAll(ShortTimingsProfile.SETTINGS);
        return overrides;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresProxy.class));
    }
}
