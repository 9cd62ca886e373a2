package io.procscope.agent.ship;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.procscope.agent.config.AgentConfig;
import io.procscope.dto.HostReport;
import io.procscope.dto.ReportReceipt;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends reports to {@code POST {api-url}/api/v1/reports}: gzip-compressed JSON with the host's
 * credential as a bearer token. Every answer, and every failure to get one, becomes a {@link
 * SendOutcome}; nothing is thrown. Thread-safe.
 *
 * <p>Through {@link java.net.HttpURLConnection} (see {@link ApiTransport}) (with its keep-alive cache), not {@code java.net.http}: one
 * POST every interval needs none of the latter's asynchronous machinery, whose classes and selector
 * thread cost the agent about 12 MB of its 76 MB steady RSS (measured with 1100 processes,
 * 2026-11-26).
 */
public final class ReportClient {

    /** The ingest path under the API's base URL. */
    public static final String REPORTS_PATH = "/api/v1/reports";

    private static final int MAX_DETAIL = 500;

    /** What a 407 says: the proxy, not the API, refused. */
    static final String PROXY_REFUSED =
            "407 Proxy Authentication Required from the proxy (check the user and password of the proxy setting or"
                    + " HTTPS_PROXY)";

    private final URL url;
    private final URI endpoint;
    private final ApiTransport transport;

    /**
     * A client without a proxy, trusting the JDK's CAs.
     *
     * @param apiUrl the API's base URL, for example {@code http://localhost:8080}
     * @param timeout connect timeout, and request timeout of each send
     * @param agentVersion sent in {@code User-Agent}
     */
    public ReportClient(URI apiUrl, Duration timeout, String agentVersion) {
        this(ApiTransport.direct(apiUrl, timeout, agentVersion));
    }

    /**
     * @param transport how calls reach the API: its URL, timeout, proxy and trust
     */
    public ReportClient(ApiTransport transport) {
        this.transport = transport;
        this.endpoint = endpoint(transport.apiUrl(), REPORTS_PATH);
        this.url = toUrl(endpoint);
    }

    /**
     * @param config the settings: api-url, timeout, ca-file, proxy, no-proxy
     * @param agentVersion sent in {@code User-Agent}
     * @return a client with a transport of its own
     */
    public static ReportClient of(AgentConfig config, String agentVersion) {
        return new ReportClient(ApiTransport.of(config, agentVersion));
    }

    /**
     * @return how calls reach the API
     */
    public ApiTransport transport() {
        return transport;
    }

    static URI endpoint(URI apiUrl, String path) {
        String base = apiUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    static URL toUrl(URI endpoint) {
        try {
            return endpoint.toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException("not a URL: " + endpoint, e);
        }
    }

    static String userAgent(String agentVersion) {
        return "procscope-agent/" + agentVersion;
    }

    /**
     * @return the URL reports are posted to
     */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Sends one report.
     *
     * @param report the report
     * @param credential the host's credential, sent as {@code Authorization: Bearer}
     * @return what became of it
     */
    public SendOutcome send(HostReport report, String credential) {
        return send(ReportJson.toGzip(report), credential);
    }

    /**
     * Sends one report already encoded, as the spool holds it.
     *
     * @param gzippedJson the report's JSON, gzip-compressed
     * @param credential the host's credential, sent as {@code Authorization: Bearer}
     * @return what became of it
     */
    public SendOutcome send(byte[] gzippedJson, String credential) {
        try {
            Answer a = transport.post(url, gzippedJson, true, credential);
            return outcomeOf(a.status(), a.body(), a.retryAfter());
        } catch (ApiTransport.TlsFailure e) {
            return new SendOutcome.Failed(0, e.getMessage(), Optional.empty(), true);
        } catch (SocketTimeoutException e) {
            return new SendOutcome.Failed(
                    0,
                    "no answer from " + endpoint + transport.route(endpoint) + " within "
                            + transport.timeout().toMillis() + " ms",
                    Optional.empty());
        } catch (IOException e) {
            return new SendOutcome.Failed(
                    0, "cannot reach " + endpoint + transport.route(endpoint) + ": " + describe(e), Optional.empty());
        }
    }

    /**
     * An HTTP answer, read to the end.
     *
     * @param status the status
     * @param body the body, possibly empty
     * @param retryAfter the {@code Retry-After} header, if any
     */
    record Answer(int status, byte[] body, Optional<String> retryAfter) {}

    /**
     * Classifies an answer.
     *
     * @param status HTTP status
     * @param body response body, possibly empty
     * @param retryAfter the {@code Retry-After} header, if any
     * @return the outcome
     */
    static SendOutcome outcomeOf(int status, byte[] body, Optional<String> retryAfter) {
        if (status >= 200 && status < 300) {
            return new SendOutcome.Accepted(status, receiptOf(body));
        }
        Problem problem = problemOf(status, body);
        if ((status == 401 || status == 403) && SendOutcome.CredentialRefused.TYPES.contains(problem.type)) {
            return new SendOutcome.CredentialRefused(status, problem.type, problem.title, problem.detail);
        }
        if (status == 407) {
            return new SendOutcome.Failed(status, PROXY_REFUSED, Optional.empty());
        }
        if (status == 401 || status == 403) {
            return new SendOutcome.Failed(
                    status,
                    status + " " + problem.title + " (not a procscope API, or an older one: check api-url)"
                            + suffix(problem.detail),
                    Optional.empty());
        }
        if (status == 404 || status == 405 || status < 400) {
            // wrong api-url (or a proxy's page), not a bad report: keep it spooled
            return new SendOutcome.Failed(
                    status,
                    status + " " + problem.title + " from the API (check api-url)" + suffix(problem.detail),
                    Optional.empty());
        }
        if (status == 408 || status == 429 || status >= 500) {
            Instant now = Instant.now();
            return new SendOutcome.Failed(
                    status,
                    status + " " + problem.title + suffix(problem.detail),
                    retryAfter.flatMap(header -> retryAfter(header, now)));
        }
        return new SendOutcome.Rejected(status, problem.title, problem.detail, problem.type);
    }

    /** An answer's problem details, or what stands for them. */
    record Problem(String title, String detail, String type) {}

    private static ReportReceipt receiptOf(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            Map<String, String> fields = scalarFields(body);
            String id = fields.get("reportId");
            return new ReportReceipt(
                    id == null ? null : UUID.fromString(id),
                    Boolean.parseBoolean(fields.get("duplicate")),
                    Integer.parseInt(fields.getOrDefault("processes", "0")));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The scalar fields of a JSON object, as text; nested objects and arrays are skipped. Enough for
     * a receipt or a problem, without loading Jackson's data binding into the agent's loop.
     */
    static Map<String, String> scalarFields(byte[] json) throws IOException {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = ReportWriter.JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else if (value != JsonToken.VALUE_NULL) {
                    fields.put(name, p.getText());
                }
            }
        }
        return fields;
    }

    static Problem problemOf(int status, byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        String title = reasonPhrase(status);
        String detail = "";
        if (text.startsWith("{")) {
            try {
                Map<String, String> fields = scalarFields(text.getBytes(StandardCharsets.UTF_8));
                title = fields.getOrDefault("title", title);
                detail = fields.getOrDefault("detail", detail);
                return new Problem(oneLine(title), oneLine(detail), fields.getOrDefault("type", "about:blank"));
            } catch (IOException e) {
                // not JSON after all: report the text
            }
        }
        return new Problem(title, oneLine(text), "about:blank");
    }

    private static String oneLine(String s) {
        String line = s.replaceAll("\\s+", " ").strip();
        return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL) + "...";
    }

    static String suffix(String detail) {
        return detail.isEmpty() ? "" : ": " + detail;
    }

    /**
     * Reads a {@code Retry-After} header: seconds, or an HTTP date (RFC 9110), which a proxy in front
     * of the API may send.
     *
     * @param header the header's value
     * @param now the time the answer came, to measure a date from
     * @return how long to wait; zero for a date in the past; empty when the header is neither
     */
    static Optional<Duration> retryAfter(String header, Instant now) {
        String value = header.strip();
        try {
            long s = Long.parseLong(value);
            return s >= 0 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
        } catch (NumberFormatException e) {
            // not seconds: a date, then
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty(); // neither: the backoff decides
        }
    }

    static String describe(IOException e) {
        // the JDK's ConnectException often has no message of its own, only its cause
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> status >= 300 && status < 400 ? "Redirect" : "HTTP " + status;
        };
    }
}
