package io.procscope.api.identity;

import io.procscope.api.support.PostgresDatabase;
import io.procscope.api.support.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** {@link LostEnrollmentAnswerTest} on the real PostgreSQL, whose row locks serialize retries at once. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@EnabledIfEnvironmentVariable(named = PostgresDatabase.ENV, matches = ".+")
class PostgresLostEnrollmentAnswerTest extends LostEnrollmentAnswerTest {}
