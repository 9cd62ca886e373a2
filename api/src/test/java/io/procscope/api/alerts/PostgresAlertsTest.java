package io.procscope.api.alerts;

import io.procscope.api.support.PostgresDatabase;
import io.procscope.api.support.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** {@link AlertsTest} on the real PostgreSQL, the production database, where replicas lock host rows. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@EnabledIfEnvironmentVariable(named = PostgresDatabase.ENV, matches = ".+")
class PostgresAlertsTest extends AlertsTest {}
