package io.procscope.api.identity;

import io.micrometer.core.instrument.MeterRegistry;
import io.procscope.api.security.EnrollAuthFilter;
import jakarta.inject.Singleton;

/**
 * The meters of enrollment: {@code procscope.enroll.enrolled} counts credentials issued, {@code
 * procscope.enroll.reissued} those among them that replaced the unused credential of an earlier
 * attempt whose answer the agent did not get, {@code
 * procscope.enroll.rejected{reason}} enrollments refused: {@code missing_secret} and {@code
 * invalid_secret} from {@link EnrollAuthFilter}, which owns the name; {@code malformed}, {@code
 * invalid}, {@code too_large}, {@code unsupported_encoding}, {@code unsupported_media_type} and
 * {@code unreadable} from {@link EnrollReader}; {@code host_enrolled}, {@code host_revoked} and
 * {@code new_hosts} from {@link EnrollService}.
 */
@Singleton
class EnrollMetrics {

    static final String ENROLLED = "procscope.enroll.enrolled";

    static final String REISSUED = "procscope.enroll.reissued";

    private final MeterRegistry registry;

    EnrollMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts a credential issued. */
    void enrolled() {
        registry.counter(ENROLLED).increment();
    }

    /** Counts a credential issued to a retry, replacing the unused one of an earlier attempt. */
    void reissued() {
        registry.counter(REISSUED).increment();
    }

    /** Counts an enrollment refused for {@code reason}. */
    void rejected(String reason) {
        registry.counter(EnrollAuthFilter.REJECTED, "reason", reason).increment();
    }
}
