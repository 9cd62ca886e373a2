package io.procscope.api.dashboard;

import io.procscope.api.support.PostgresDatabase;
import io.procscope.api.support.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** {@link AlertsPageTest} on the real PostgreSQL: the pages' counts and filters are its SQL too. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@EnabledIfEnvironmentVariable(named = PostgresDatabase.ENV, matches = ".+")
class PostgresAlertsPageTest extends AlertsPageTest {}
