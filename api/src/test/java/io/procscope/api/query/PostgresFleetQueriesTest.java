package io.procscope.api.query;

import io.procscope.api.support.PostgresDatabase;
import io.procscope.api.support.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The same queries on the real PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@EnabledIfEnvironmentVariable(named = PostgresDatabase.ENV, matches = ".+")
class PostgresFleetQueriesTest extends FleetQueriesTest {}
