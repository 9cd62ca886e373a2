package io.procscope.api.query;

import io.procscope.api.support.PackagedApplicationProfile;
import io.procscope.api.support.PostgresDatabase;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** {@link OperationsEndpointsTest} against the packaged application on PostgreSQL: health, metrics and the OpenAPI document. */
@QuarkusIntegrationTest
@TestProfile(PackagedApplicationProfile.class)
@EnabledIfEnvironmentVariable(named = PostgresDatabase.ENV, matches = ".+")
class OperationsEndpointsIT extends OperationsEndpointsTest {}
