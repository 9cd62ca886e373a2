package io.procscope.api.config;

import io.quarkus.datasource.common.runtime.DatabaseKind;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The database the API stores into. Its kind is fixed at build time ({@code
 * quarkus.datasource.db-kind}): the embedded SQLite file in dev and test, PostgreSQL in
 * production. Code that takes a different path on PostgreSQL asks here, and nowhere else.
 */
@Singleton
public class Database {

    private final String kind;
    private final boolean postgreSQL;

    Database(@ConfigProperty(name = "quarkus.datasource.db-kind") String kind) {
        this.kind = kind;
        this.postgreSQL = DatabaseKind.isPostgreSQL(kind);
    }

    /**
     * The datasource's {@code db-kind} as configured: {@code postgresql} in production, {@code other}
     * for the embedded SQLite file.
     */
    public String kind() {
        return kind;
    }

    /** True on PostgreSQL (under any of the names Quarkus accepts for it), false on SQLite. */
    public boolean isPostgreSQL() {
        return postgreSQL;
    }
}
