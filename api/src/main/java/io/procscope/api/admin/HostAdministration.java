package io.procscope.api.admin;

import io.procscope.api.config.Database;
import io.procscope.api.domain.AgentCredential;
import io.procscope.api.domain.Host;
import io.procscope.api.domain.HostDeleted;
import io.procscope.api.domain.HostRenamed;
import io.procscope.api.problem.Problem;
import io.procscope.api.problem.ProblemException;
import io.procscope.api.query.HostQueries;
import io.procscope.api.security.HostCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hibernate.exception.ConstraintViolationException;

/**
 * What operators do to hosts: list them with their credentials, rename one, delete one with all
 * its data. Each change is one transaction, and fires {@link HostRenamed} or {@link HostDeleted}
 * within it, so that caches and open pages follow once it commits.
 */
@ApplicationScoped
public class HostAdministration {

    /** Hosts one page lists at most. */
    public static final int MAX_LIMIT = 1000;

    /** Hosts one page lists unless asked otherwise. */
    public static final int DEFAULT_LIMIT = 100;

    /**
     * The tables that hold a host's rows by {@code host_id}, in the order they are deleted: samples
     * and snapshots first, the identities their rows stand for last. A table that a later migration
     * adds with a {@code host_id} is found in the schema and deleted from before these.
     */
    static final List<String> HOST_TABLES =
            List.of("host_state", "process_sample", "snapshot", "host_metrics_rollup", "process");

    private static final String NAMES = "select hostname from host union select hostname from agent_credential";

    private final EntityManager em;
    private final Database database;
    private final HostQueries hostQueries;
    private final HostCredentials credentials;
    private final Event<HostRenamed> renamed;
    private final Event<HostDeleted> deleted;
    private volatile List<String> hostTables;

    HostAdministration(
            EntityManager em,
            Database database,
            HostQueries hostQueries,
            HostCredentials credentials,
            Event<HostRenamed> renamed,
            Event<HostDeleted> deleted) {
        this.em = em;
        this.database = database;
        this.hostQueries = hostQueries;
        this.credentials = credentials;
        this.renamed = renamed;
        this.deleted = deleted;
    }

    /**
     * A page of the hosts, by name: every host that has reported, and every credential whose host
     * has not reported yet.
     *
     * @param offset hosts to skip, 0 or more
     * @param limit most hosts to list, 1 to {@value #MAX_LIMIT}
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ManagedHostPage list(int offset, int limit) {
        if (offset < 0) {
            throw ProblemException.badRequest("offset must be 0 or more, not " + offset + ".");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT + ", not " + limit + ".");
        }
        int total = ((Number) em.createNativeQuery("select count(*) from (" + NAMES + ") names")
                        .getSingleResult())
                .intValue();
        @SuppressWarnings("unchecked")
        List<String> names = em
                .createNativeQuery("select hostname from (" + NAMES + ") names order by hostname")
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(Object::toString)
                .toList();
        return new ManagedHostPage(total, offset, limit, entries(names));
    }

    /** The host or credential named {@code hostname}, as the list shows it; empty when there is neither. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ManagedHost> find(String hostname) {
        List<ManagedHost> found = entries(List.of(hostname));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private List<ManagedHost> entries(List<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        Map<String, Host> hosts = Host.<Host>list("hostname in ?1", names).stream()
                .collect(Collectors.toMap(h -> h.hostname, Function.identity()));
        Map<String, AgentCredential> credentials =
                AgentCredential.<AgentCredential>list("hostname in ?1", names).stream()
                        .collect(Collectors.toMap(c -> c.hostname, Function.identity()));
        List<ManagedHost> entries = new ArrayList<>(names.size());
        for (String name : names) {
            Host host = hosts.get(name);
            AgentCredential credential = credentials.get(name);
            if (host == null && credential == null) {
                continue;
            }
            entries.add(new ManagedHost(
                    name,
                    host == null ? ManagedHostStatus.ENROLLED_ONLY : ManagedHostStatus.of(hostQueries.statusOf(host)),
                    host == null ? null : host.lastReceivedMillis,
                    credential == null ? null : CredentialSummary.of(credential)));
        }
        return entries;
    }

    /**
     * Revokes the credential of {@code hostname} ({@link HostCredentials#revoke}) and answers with
     * the host's entry read in the same transaction: the answer needs no second connection, which
     * on SQLite would queue behind every writer for the database's one write lock.
     *
     * @param by who revokes it, as the audit log names them
     * @return the host's entry; empty when the host has no credential
     */
    @Transactional
    public Optional<ManagedHost> revoke(String hostname, String by) {
        if (credentials.revoke(hostname, by).isEmpty()) {
            return Optional.empty();
        }
        em.flush();
        return find(hostname);
    }

    /**
     * Resets the credential of {@code hostname} ({@link HostCredentials#reset}) and answers with the
     * host's entry read in the same transaction, without a credential.
     *
     * @return the host's entry (a name only when the host enrolled but never reported); empty when
     *     there was neither a host nor a credential of that name
     */
    @Transactional
    public Optional<ManagedHost> reset(String hostname) {
        boolean hadCredential = credentials.reset(hostname).isPresent();
        em.flush();
        Optional<ManagedHost> host = find(hostname);
        if (host.isEmpty() && hadCredential) {
            return Optional.of(new ManagedHost(hostname, null, null, null));
        }
        return host;
    }

    /**
     * Renames a host: its host row and its credential go by {@code to} from now on, in one
     * transaction; its history stays with it, since every other row names the host by id.
     *
     * @return the host under its new name
     * @throws ProblemException 404 when there is no host or credential named {@code from}, 409 when
     *     {@code to} is taken
     */
    @Transactional
    public ManagedHost rename(String from, String to) {
        Host host = lockHost(from);
        AgentCredential credential = AgentCredential.findById(from);
        if (host == null && credential == null) {
            throw unknown(from);
        }
        if (from.equals(to)) {
            throw ProblemException.badRequest("The host is named '" + to + "' already.");
        }
        if (Host.findByHostname(to).isPresent() || AgentCredential.findById(to) != null) {
            throw taken(to);
        }
        em.flush();
        try {
            if (host != null) {
                em.createNativeQuery("update host set hostname = ?1 where id = ?2")
                        .setParameter(1, to)
                        .setParameter(2, host.id)
                        .executeUpdate();
            }
            if (credential != null) {
                em.createNativeQuery("update agent_credential set hostname = ?1 where hostname = ?2")
                        .setParameter(1, to)
                        .setParameter(2, from)
                        .executeUpdate();
            }
        } catch (PersistenceException e) {
            // Another request took the name since the check above.
            if (causedByConstraint(e)) {
                throw taken(to);
            }
            throw e;
        }
        em.clear();
        renamed.fire(new HostRenamed(from, to));
        return find(to).orElseThrow();
    }

    /**
     * Deletes a host with all its data, in one transaction: every row that names it by id, in
     * every table (on PostgreSQL across every partition of the partitioned ones), its credential
     * and its host row. Rollup watermarks are the fleet's, not the host's: they stay.
     *
     * @return how many rows were deleted
     * @throws ProblemException 404 when there is no host or credential named {@code hostname}
     */
    @Transactional
    public long delete(String hostname) {
        Host host = lockHost(hostname);
        AgentCredential credential = AgentCredential.findById(hostname);
        if (host == null && credential == null) {
            throw unknown(hostname);
        }
        em.flush();
        long rows = 0;
        if (host != null) {
            for (String table : hostTables()) {
                rows += em.createNativeQuery("delete from " + table + " where host_id = ?1")
                        .setParameter(1, host.id)
                        .executeUpdate();
            }
        }
        rows += em.createNativeQuery("delete from agent_credential where hostname = ?1")
                .setParameter(1, hostname)
                .executeUpdate();
        if (host != null) {
            rows += em.createNativeQuery("delete from host where id = ?1")
                    .setParameter(1, host.id)
                    .executeUpdate();
        }
        em.clear();
        deleted.fire(new HostDeleted(hostname, host == null ? null : host.id));
        return rows;
    }

    /**
     * The host named {@code hostname}, its row locked for this transaction on PostgreSQL, so that a
     * report being stored for it finishes first and the next one waits (SQLite takes one writer at
     * a time anyway); null when there is none.
     */
    private Host lockHost(String hostname) {
        if (database.isPostgreSQL()) {
            List<?> ids = em.createNativeQuery("select id from host where hostname = ?1 for update")
                    .setParameter(1, hostname)
                    .getResultList();
            if (ids.isEmpty()) {
                return null;
            }
        }
        return Host.findByHostname(hostname).orElse(null);
    }

    /**
     * Every table of the schema with a {@code host_id} column (partitions left out: a delete from
     * their parent reaches them), tables this class does not know first, then {@link #HOST_TABLES}.
     */
    List<String> hostTables() {
        List<String> tables = hostTables;
        if (tables == null) {
            String query = database.isPostgreSQL()
                    ? "select c.relname from pg_attribute a join pg_class c on c.oid = a.attrelid"
                            + " join pg_namespace n on n.oid = c.relnamespace"
                            + " where a.attname = 'host_id' and not a.attisdropped and c.relkind in ('r', 'p')"
                            + " and not c.relispartition and n.nspname = current_schema()"
                    : "select m.name from sqlite_master m join pragma_table_info(m.name) p"
                            + " where m.type = 'table' and p.name = 'host_id'";
            @SuppressWarnings("unchecked")
            List<String> found = ((List<Object>) em.createNativeQuery(query).getResultList())
                    .stream().map(Object::toString).toList();
            Map<String, Integer> order = new LinkedHashMap<>();
            for (int i = 0; i < HOST_TABLES.size(); i++) {
                order.put(HOST_TABLES.get(i), i);
            }
            List<String> sorted = new ArrayList<>(found);
            sorted.sort(Comparator.comparing((String t) -> order.getOrDefault(t, -1))
                    .thenComparing(Comparator.naturalOrder()));
            for (String known : HOST_TABLES) {
                if (!sorted.contains(known)) {
                    throw new IllegalStateException("The schema has no table " + known + " with a host_id column");
                }
            }
            tables = List.copyOf(sorted);
            hostTables = tables;
        }
        return tables;
    }

    private static boolean causedByConstraint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }

    private static ProblemException unknown(String hostname) {
        return ProblemException.notFound("No host or credential is named '" + hostname + "'.");
    }

    private static ProblemException taken(String hostname) {
        return new ProblemException(new Problem(
                "urn:procscope:problem:hostname-taken",
                "Hostname taken",
                Response.Status.CONFLICT.getStatusCode(),
                "A host or credential is named '" + hostname + "' already: delete or rename that one first.",
                List.of()));
    }
}
