package io.procscope.api.retention;

import io.procscope.api.support.PostgresDatabase;
import io.procscope.api.support.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Retention on PostgreSQL: whole daily partitions are dropped. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@EnabledIfEnvironmentVariable(named = PostgresDatabase.ENV, matches = ".+")
class PostgresRetentionTest extends RetentionTest {}
