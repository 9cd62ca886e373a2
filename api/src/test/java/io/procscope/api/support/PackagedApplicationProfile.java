package io.procscope.api.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The one profile of the *IT tests: the packaged production application (the fast-jar, or the
 * native binary under -Pnative) on the real PostgreSQL that {@link PostgresDatabase} prepares,
 * emptied at start, with the keys and limits the *Test classes they extend expect. Every *IT class
 * names it, so the application starts once for all of them.
 */
public class PackagedApplicationProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                // Production refuses secrets shorter than 16 characters; the test ones are long enough.
                "procscope.enroll-secrets", Reports.ENROLL_SECRET + "," + Reports.PREVIOUS_ENROLL_SECRET,
                "procscope.admin.keys", Reports.ADMIN_KEY,
                // Each test enrolls hosts of its own, many a minute.
                "procscope.ingest.new-hosts-per-minute", "100000",
                "procscope.ingest.max-concurrent", "16",
                // The tests count what they stored; earlier runs' hosts would be among them.
                "quarkus.flyway.clean-at-start", "true",
                "quarkus.flyway.clean-disabled", "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresDatabase.class));
    }
}
