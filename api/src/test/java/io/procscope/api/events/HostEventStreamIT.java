package io.procscope.api.events;

import io.procscope.api.support.PackagedApplicationProfile;
import io.procscope.api.support.PostgresDatabase;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** {@link HostEventStreamTest} against the packaged application on PostgreSQL: the event stream's first event. */
@QuarkusIntegrationTest
@TestProfile(PackagedApplicationProfile.class)
@EnabledIfEnvironmentVariable(named = PostgresDatabase.ENV, matches = ".+")
class HostEventStreamIT extends HostEventStreamTest {}
