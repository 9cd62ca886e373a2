package io.procscope.api.dashboard;

import io.procscope.api.support.PackagedApplicationProfile;
import io.procscope.api.support.PostgresDatabase;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** {@link DashboardPagesTest} against the packaged application on PostgreSQL: every page rendered by the shipped templates, the error pages and the assets. */
@QuarkusIntegrationTest
@TestProfile(PackagedApplicationProfile.class)
@EnabledIfEnvironmentVariable(named = PostgresDatabase.ENV, matches = ".+")
class DashboardPagesIT extends DashboardPagesTest {}
