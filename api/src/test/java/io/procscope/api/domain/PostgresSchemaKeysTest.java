package io.procscope.api.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.api.support.PostgresDatabase;
import io.procscope.api.support.PostgresProfile;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The schema is ready to be distributed by host (Citus, deploy/README.md): in every table with a
 * {@code host_id} column, host_id leads every key and every index, read from PostgreSQL's catalog
 * after all migrations. The one exception is a non-unique index named {@code *_fleet_*}, which
 * orders the whole fleet for a question about the whole fleet.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@EnabledIfEnvironmentVariable(named = PostgresDatabase.ENV, matches = ".+")
class PostgresSchemaKeysTest {

    /** Each index of a table with a host_id column: table, index, unique, first key column. */
    private static final String INDEXES = "select t.relname, i.relname, x.indisunique or x.indisprimary,"
            + " coalesce(a.attname, '(expression)') from pg_index x"
            + " join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid"
            + " left join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]"
            + " where t.relnamespace = current_schema()::regnamespace and not t.relispartition"
            + " and t.relkind in ('r', 'p') and exists (select 1 from pg_attribute h where h.attrelid = t.oid"
            + " and h.attname = 'host_id' and not h.attisdropped) order by 1, 2";

    record Index(String table, String name, boolean unique, String firstColumn) {}

    @Test
    void hostIdLeadsEveryKeyAndIndexOfThePerHostTables() {
        List<Index> indexes = indexes();
        assertThat(indexes)
                .extracting(Index::table)
                .contains("host_state", "snapshot", "process", "process_sample", "process_current", "alert_state");
        List<String> notLed = new ArrayList<>();
        for (Index index : indexes) {
            boolean fleetOrder = !index.unique() && index.name().contains("_fleet_");
            if (!"host_id".equals(index.firstColumn()) && !fleetOrder) {
                notLed.add(index.table() + "." + index.name() + " (" + index.firstColumn() + ")");
            }
        }
        assertThat(notLed).as("keys and indexes not led by host_id").isEmpty();
        assertThat(indexes)
                .filteredOn(Index::unique)
                .extracting(Index::firstColumn)
                .containsOnly("host_id");
    }

    @SuppressWarnings("unchecked")
    private static List<Index> indexes() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Index> indexes = new ArrayList<>();
            for (Object[] row : (List<Object[]>)
                    Host.getEntityManager().createNativeQuery(INDEXES).getResultList()) {
                indexes.add(new Index((String) row[0], (String) row[1], (Boolean) row[2], (String) row[3]));
            }
            return indexes;
        });
    }
}
