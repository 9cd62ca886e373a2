package io.procscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled PostgreSQL's init script, run as the postgres image runs it ({@code sh}, with {@code
 * POSTGRES_USER} and the password in the environment), against this machine's real PostgreSQL
 * (127.0.0.1:5432, or {@code PGHOST}/{@code PGPORT}, superuser {@code postgres}). Role names are
 * global to a server, so the script's role and database are renamed to a fresh name for the run and
 * dropped after it. Skipped where no such server or psql 15+ is at hand.
 */
class PostgresInitScriptTest {

    private final String name =
            "procscope_init_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @TempDir
    Path dir;

    @BeforeEach
    void aServerAndPsql15() {
        Tools.require("psql", "apt-get install postgresql-client");
        Command.Result version = Command.output("psql", "--version");
        assumeTrue(
                version.output().matches("(?s).*\\) (1[5-9]|[2-9]\\d)\\..*"),
                "the script's \\getenv needs psql 15 or later: " + version.output());
        assumeTrue(psql("postgres", "select 1").exitCode() == 0, "no PostgreSQL at 127.0.0.1:5432 as postgres");
    }

    @AfterEach
    void dropTheRole() {
        psql("postgres", "drop database if exists " + name);
        psql("postgres", "drop role if exists " + name);
    }

    @Test
    void makesALoginRoleThatOwnsItsDatabaseAndNothingMore() throws Exception {
        String script = PostgresManifestsTest.initScript()
                .replace(PostgresManifestsTest.ROLE, name)
                .replace("PROCSCOPE_DB_PASSWORD", "TEST_DB_PASSWORD");
        Path file = dir.resolve("10-init.sh");
        Files.writeString(file, script, StandardCharsets.UTF_8);

        Command.Result run = run(
                Map.of("POSTGRES_USER", "postgres", "TEST_DB_PASSWORD", "it's a \"pass\" word; --"),
                "sh",
                file.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(psql(
                                "postgres",
                                "select rolsuper, rolcreatedb, rolcreaterole, rolcanlogin, rolreplication"
                                        + " from pg_roles where rolname = '" + name + "'")
                        .output()
                        .strip())
                .as("superuser, createdb, createrole, login, replication")
                .isEqualTo("f|f|f|t|f");
        assertThat(psql("postgres", "select pg_get_userbyid(datdba) from pg_database where datname = '" + name + "'")
                        .output()
                        .strip())
                .isEqualTo(name);
        assertThat(psql(
                                "postgres",
                                "select rolpassword like 'SCRAM-SHA-256$%' from pg_authid where rolname = '" + name
                                        + "'")
                        .output()
                        .strip())
                .as("a password is set, hashed")
                .isEqualTo("t");

        // what Flyway does as that role: create tables and functions in its database's public schema
        Command.Result migrate = psqlAs(
                name,
                name,
                "create table t (x int); create function f() returns int"
                        + " language plpgsql as $$ begin return 1; end $$; drop table t; drop function f();");
        assertThat(migrate.exitCode()).as(migrate.output()).isZero();
        assertThat(psqlAs(name, name, "create database " + name + "_other").exitCode())
                .as("it cannot create databases")
                .isNotZero();
        assertThat(psqlAs(name, name, "create role " + name + "_other").exitCode())
                .as("it cannot create roles")
                .isNotZero();
    }

    private static Command.Result psql(String database, String sql) {
        return psqlAs("postgres", database, sql);
    }

    private static Command.Result psqlAs(String user, String database, String sql) {
        return run(Map.of(), "psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-U", user, "-d", database, "-c", sql);
    }

    private static Command.Result run(Map<String, String> env, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
            pb.environment().putIfAbsent("PGHOST", "127.0.0.1");
            pb.environment().putIfAbsent("PGPORT", "5432");
            pb.environment().putAll(env);
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Command.Result(-1, "timed out");
            }
            return new Command.Result(p.exitValue(), output);
        } catch (IOException e) {
            return new Command.Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Command.Result(-1, "interrupted");
        }
    }
}
