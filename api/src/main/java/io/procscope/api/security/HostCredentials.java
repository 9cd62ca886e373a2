package io.procscope.api.security;

import io.procscope.api.config.Database;
import io.procscope.api.domain.AgentCredential;
import io.procscope.api.domain.HostDeleted;
import io.procscope.api.domain.HostRenamed;
import io.procscope.dto.EnrollResponse;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Hosts' own credentials: issued at enrollment, looked up for every report, revoked and reset by
 * operators. A credential is {@value EnrollResponse#CREDENTIAL_PREFIX} and 43 characters of
 * base64url, 32 random bytes; only its SHA-256 is stored (a 256-bit random token needs no slow
 * hash). Lookups are cached per replica for {@link #CACHE_TTL_MILLIS} at most: a revocation holds
 * at once on the replica that made it, and on every other within that time.
 */
@ApplicationScoped
public class HostCredentials {

    /** How long a replica trusts a credential it read, ms: how long a revocation takes to hold everywhere. */
    public static final long CACHE_TTL_MILLIS = 5_000;

    /** The most credentials a replica keeps cached. */
    static final int MAX_CACHED = 20_000;

    /** {@code last_used_millis} is written at most this often per credential, ms. */
    static final long LAST_USED_RESOLUTION_MILLIS = 60_000;

    private static final int RANDOM_BYTES = 32;
    private static final Pattern CREDENTIAL =
            Pattern.compile(Pattern.quote(EnrollResponse.CREDENTIAL_PREFIX) + "[A-Za-z0-9_-]{43}");
    private static final Logger LOG = Logger.getLogger(HostCredentials.class);

    /**
     * A credential as a report is judged by it.
     *
     * @param hostname the host it may report for
     * @param digest SHA-256 of the credential, hex
     * @param revokedMillis when an operator revoked it, ms since the epoch; null while valid
     * @param revokedBy who revoked it, as the audit log names them; null while valid
     * @param lastUsedMillis when a report last used it, to about a minute; null before the first
     */
    public record Bound(String hostname, String digest, Long revokedMillis, String revokedBy, Long lastUsedMillis) {

        public boolean isRevoked() {
            return revokedMillis != null;
        }

        static Bound of(AgentCredential c) {
            return new Bound(c.hostname, c.digest, c.revokedMillis, c.revokedBy, c.lastUsedMillis);
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final CredentialCache cache;
    private final Clock clock;
    private final TransactionSynchronizationRegistry transactions;
    private final boolean lockRows;

    @Inject
    HostCredentials(Clock clock, TransactionSynchronizationRegistry transactions, Database database) {
        this.clock = clock;
        this.transactions = transactions;
        this.lockRows = database.isPostgreSQL();
        this.cache = new CredentialCache(MAX_CACHED, CACHE_TTL_MILLIS * 1_000_000, System::nanoTime);
    }

    /** A new credential: {@value EnrollResponse#CREDENTIAL_PREFIX} and 32 random bytes, base64url. */
    public String newCredential() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return EnrollResponse.CREDENTIAL_PREFIX
                + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** True when {@code token} has the shape of a credential: whether it is worth looking up. */
    public static boolean looksLikeCredential(String token) {
        return token != null && CREDENTIAL.matcher(token).matches();
    }

    /** The SHA-256 of {@code token}, hex: what is stored of a credential. */
    public static String digestOf(String token) {
        return HexFormat.of().formatHex(KeyDigests.sha256(token));
    }

    /**
     * The credential {@code token} is, revoked or not; empty when no host has it (never issued, or
     * its host was reset or deleted). From this replica's cache when it read it less than {@link
     * #CACHE_TTL_MILLIS} ago.
     */
    public Optional<Bound> lookUp(String token) {
        if (!looksLikeCredential(token)) {
            return Optional.empty();
        }
        // Read outside a transaction, as the queries are: on SQLite a transaction takes the write lock.
        return cache.get(
                digestOf(token), digest -> AgentCredential.findByDigest(digest).map(Bound::of));
    }

    /**
     * Notes that a report used {@code credential}: writes {@code last_used_millis} when it is a
     * minute old or unset, so that a host reporting every few seconds writes it once a minute. A
     * failure to write it is no reason to refuse the report, and is only logged.
     */
    public void recordUse(Bound credential) {
        long now = clock.millis();
        Long last = credential.lastUsedMillis();
        if (last != null && now - last < LAST_USED_RESOLUTION_MILLIS) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew()
                    .run(() -> AgentCredential.update(
                            "lastUsedMillis = ?1 where digest = ?2 and (lastUsedMillis is null or lastUsedMillis < ?3)",
                            now,
                            credential.digest(),
                            now - LAST_USED_RESOLUTION_MILLIS));
            cache.replace(
                    credential.digest(),
                    credential,
                    new Bound(
                            credential.hostname(),
                            credential.digest(),
                            credential.revokedMillis(),
                            credential.revokedBy(),
                            now));
        } catch (RuntimeException e) {
            LOG.debugf(e, "Could not note the use of the credential of %s", credential.hostname());
        }
    }

    /** The credential bound to {@code hostname}, locked for the transaction on PostgreSQL. */
    public Optional<AgentCredential> findForUpdate(String hostname) {
        if (lockRows) {
            return AgentCredential.<AgentCredential>find("hostname", hostname)
                    .withLock(LockModeType.PESSIMISTIC_WRITE)
                    .firstResultOptional();
        }
        return AgentCredential.<AgentCredential>findByIdOptional(hostname);
    }

    /**
     * Revokes the credential of {@code hostname}: its reports are refused, and the hostname cannot
     * enroll again until it is reset. Revoking a revoked credential keeps its first revocation.
     *
     * @param by who revokes it, as the audit log names them
     * @return the credential as it now is; empty when the host has none
     */
    @Transactional
    public Optional<AgentCredential> revoke(String hostname, String by) {
        Optional<AgentCredential> credential = findForUpdate(hostname);
        credential.ifPresent(c -> {
            if (!c.isRevoked()) {
                c.revokedMillis = clock.millis();
                c.revokedBy = by;
            }
            forgetOnCommit(c.digest);
        });
        return credential;
    }

    /**
     * Deletes the credential of {@code hostname}, so that the host may enroll again; its host row and
     * history stay. A host without a credential is left as it is.
     *
     * @return the credential deleted; empty when the host had none
     */
    @Transactional
    public Optional<AgentCredential> reset(String hostname) {
        Optional<AgentCredential> credential = findForUpdate(hostname);
        credential.ifPresent(c -> {
            c.delete();
            forgetOnCommit(c.digest);
        });
        return credential;
    }

    /** A renamed host's credential is bound to its new name: this replica forgets the old binding. */
    void hostRenamed(@Observes(during = TransactionPhase.AFTER_SUCCESS) HostRenamed renamed) {
        cache.evictHost(renamed.from());
    }

    /** A deleted host's credential is gone: this replica stops taking it at once. */
    void hostDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) HostDeleted deleted) {
        cache.evictHost(deleted.hostname());
    }

    /**
     * Forgets what this replica cached of {@code digest}, now and once the current transaction
     * ends: a lookup between the two could read the row as it was before the change.
     */
    public void forgetOnCommit(String digest) {
        cache.evict(digest);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    cache.evict(digest);
                }
            }
        });
    }
}
