package io.procscope.api.query;

import io.procscope.api.support.PackagedApplicationProfile;
import io.procscope.api.support.PostgresDatabase;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** {@link FleetQueriesTest} against the packaged application on PostgreSQL: enrollment, reports and the JSON reads. */
@QuarkusIntegrationTest
@TestProfile(PackagedApplicationProfile.class)
@EnabledIfEnvironmentVariable(named = PostgresDatabase.ENV, matches = ".+")
class FleetQueriesIT extends FleetQueriesTest {}
