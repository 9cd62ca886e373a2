package io.procscope.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The API's own settings, read from application.properties or environment variables. */
@ConfigMapping(prefix = "procscope")
public interface ProcscopeConfig {

    /** The development enrollment secret, which the embedded default accepts out of the box. */
    String DEV_ENROLL_SECRET = "procscope-dev-key";

    /**
     * {@code procscope.enroll-secrets} ({@code PROCSCOPE_ENROLL_SECRETS}): the fleet's enrollment
     * secrets, comma-separated, each a secret or {@code sha256:<hex>} of one. An agent enrolls its
     * host with one ({@code POST /api/v1/enroll}) and then reports with the host's own credential.
     * Several may be valid at once so that the secret can be rotated; rotating does not touch
     * enrolled hosts. No default in production, which refuses to start without one; the dev profile
     * uses {@value #DEV_ENROLL_SECRET}.
     */
    Optional<List<String>> enrollSecrets();

    /**
     * {@code procscope.enroll-secrets-file} ({@code PROCSCOPE_ENROLL_SECRETS_FILE}): a file of
     * enrollment secrets, one per line ({@code #} starts a comment), such as a mounted Kubernetes
     * Secret; added to {@code procscope.enroll-secrets}.
     */
    Optional<Path> enrollSecretsFile();

    /**
     * {@code procscope.api-keys} ({@code PROCSCOPE_API_KEYS}): the shared agent keys of versions
     * before host identity, now taken as enrollment secrets (a warning at start says so), so that an
     * upgrade keeps working.
     *
     * @deprecated set {@code procscope.enroll-secrets} instead
     */
    @Deprecated
    Optional<List<String>> apiKeys();

    /** Host settings. */
    Hosts hosts();

    /** Process history settings. */
    History history();

    /** Ingest settings. */
    Ingest ingest();

    /** Retention settings. */
    Retention retention();

    /** Ingest settings. */
    interface Ingest {
        /**
         * {@code procscope.ingest.max-report-size}: the largest report accepted, after decompression;
         * larger ones get 413. Defaults to {@code 16M}, about 40,000 processes.
         */
        @WithDefault("16M")
        io.quarkus.runtime.configuration.MemorySize maxReportSize();

        /**
         * {@code procscope.ingest.max-clock-skew}: how far ahead of the API's clock a report may be
         * stamped; later ones get 400 "clock skew", so that no agent clock can make a host look
         * fresh forever or open a time partition in the future. Defaults to {@code 5m}.
         */
        @WithDefault("5m")
        Duration maxClockSkew();

        /**
         * {@code procscope.ingest.max-processes}: the most processes one report may list; more get
         * 413. Defaults to {@code 100000}, the wire contract's own limit ({@link
         * io.procscope.dto.HostReport#MAX_PROCESSES}), which no larger value can lift: real hosts run
         * hundreds to a few thousand, and 100,000 typical ones take about 47 MB of heap decoded.
         */
        @WithDefault("100000")
        @Min(1)
        @Max(io.procscope.dto.HostReport.MAX_PROCESSES)
        int maxProcesses();

        /**
         * {@code procscope.ingest.max-concurrent}: reports read and stored at once on this replica;
         * more are answered 429 with {@code Retry-After} before their body is read. Each one in
         * flight may hold a report of up to {@code max-report-size} in memory, parsed. Defaults to
         * twice the available processors, but no more than one per 8 x {@code max-report-size} of
         * heap (128 MB at 16M: 6 on a 768 MB heap), at least 1; keep it below {@code
         * quarkus.datasource.jdbc.max-size} (16), so that reads find connections.
         */
        OptionalInt maxConcurrent();

        /**
         * {@code procscope.ingest.new-hosts-per-minute}: new hosts one enrollment secret may enroll
         * per minute on this replica (a burst of that many, then one every {@code 60 s / n}); an
         * enrollment past it is answered 429 with {@code Retry-After}. Hosts that have reported
         * before (stored before host identity, or enrolling again once gone) are not limited, and
         * reports are not: a credential only ever writes its own host. Defaults to {@code 60}.
         */
        @WithDefault("60")
        @Min(1)
        int newHostsPerMinute();
    }

    /** How long history is kept. */
    interface Retention {
        /** {@code procscope.retention.raw}: snapshots and process samples. Defaults to {@code 48h}. */
        @WithDefault("48h")
        Duration raw();

        /** {@code procscope.retention.minute}: host metrics per minute. Defaults to {@code 30d}. */
        @WithDefault("30d")
        Duration minute();

        /** {@code procscope.retention.hour}: host metrics per hour. Defaults to {@code 365d}. */
        @WithDefault("365d")
        Duration hour();

        /**
         * {@code procscope.retention.enabled}: whether the retention job runs on schedule. Defaults
         * to {@code true}.
         */
        @WithDefault("true")
        boolean enabled();

        /** {@code procscope.retention.every}: how often the retention job runs. Defaults to {@code 5m}. */
        @WithDefault("5m")
        Duration every();

        /**
         * {@code procscope.retention.batch-size}: rows deleted per statement where rows are deleted
         * (SQLite, and stragglers on PostgreSQL), so no delete holds the database long. Defaults to
         * {@code 5000}.
         */
        @WithDefault("5000")
        int batchSize();
    }

    /** Host settings. */
    interface Hosts {
        /**
         * {@code procscope.hosts.stale-after-intervals}: a host is stale once this many of its
         * agent's reporting intervals passed without a report. Defaults to {@code 3}.
         */
        @WithDefault("3")
        int staleAfterIntervals();

        /**
         * {@code procscope.hosts.default-interval}: the interval assumed for agents that do not
         * say theirs. Defaults to {@code 10s}, the agent's default.
         */
        @WithDefault("10s")
        Duration defaultInterval();

        /**
         * {@code procscope.hosts.gone-after}: a host without a report for this long is gone: listed
         * apart, and no longer counted in the fleet's totals. Defaults to {@code 24h}.
         */
        @WithDefault("24h")
        Duration goneAfter();
    }

    /** Process history settings. */
    interface History {
        /**
         * {@code procscope.history.keyframe}: every process gets a history sample at least this
         * often, even when nothing changed. Defaults to {@code 30m}.
         */
        @WithDefault("30m")
        Duration keyframe();

        /**
         * {@code procscope.history.cpu-change}: a change of CPU of at least this many percentage
         * points writes a sample. Defaults to {@code 1.0}.
         */
        @WithDefault("1.0")
        double cpuChange();

        /**
         * {@code procscope.history.rss-change-percent}: a change of RSS of at least this share of
         * the last sample's (and at least 1 MiB) writes a sample. Defaults to {@code 2}.
         */
        @WithDefault("2")
        double rssChangePercent();
    }
}
