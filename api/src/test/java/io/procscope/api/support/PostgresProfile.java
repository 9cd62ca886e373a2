package io.procscope.api.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Runs a test class against the real PostgreSQL that {@link PostgresDatabase} prepares, with the
 * production database kind, dialect and migrations instead of the embedded SQLite file.
 */
public class PostgresProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.db-kind", "postgresql",
                "quarkus.datasource.jdbc.driver", "org.postgresql.Driver",
                "quarkus.hibernate-orm.dialect", "org.hibernate.dialect.PostgreSQLDialect",
                "quarkus.flyway.locations", "db/migration/postgresql",
                "quarkus.datasource.jdbc.max-size", "8");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresDatabase.class));
    }
}
