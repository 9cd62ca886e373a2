package io.procscope.api.alerts.notify;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A new silence ({@code POST /api/v1/alerts/silences}). Unknown fields are refused: a misspelt
 * {@code host} must not silence every host.
 *
 * @param rule the rule's name; required
 * @param host one host's name; omitted for every host
 * @param duration how long from now: {@code 90s}, {@code 30m}, {@code 2h}, {@code 7d} or ISO-8601
 *     ({@code PT2H}); this or {@code until}
 * @param until when it ends, RFC 3339 ({@code 2026-12-24T18:00:00Z}); this or {@code duration}
 * @param comment why, up to 500 characters
 */
@RegisterForReflection
public record SilenceRequest(String rule, String host, String duration, String until, String comment) {}
