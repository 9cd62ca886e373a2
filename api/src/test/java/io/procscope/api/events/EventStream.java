package io.procscope.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test subscriber of {@code GET /api/v1/events}: reads the stream on a thread of its own, parses
 * it as a browser's EventSource does and queues what arrives. {@link #open} returns once the
 * server's opening comment arrived, so the subscription is in place before the test goes on.
 */
public final class EventStream implements AutoCloseable {

    /** Waits of the tests: long enough for a loaded build machine, short enough to fail fast. */
    public static final Duration PATIENCE = Duration.ofSeconds(15);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /**
     * One item of the stream.
     *
     * @param name the event name, or {@code ":"} for a comment
     * @param data the event's data, or the comment's text
     */
    public record Received(String name, String data) {
        boolean isComment() {
            return ":".equals(name);
        }

        /** The data as JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("Event data is not JSON: " + data, e);
            }
        }

        /** The {@code hostname} of the host JSON this event carries. */
        public String hostname() {
            return json().path("hostname").asText();
        }
    }

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final List<Received> seen = new ArrayList<>();
    private final Thread reader;

    private EventStream(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "test-event-stream");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Opens the stream at {@code uri}, sending {@code authorization} when it is not null. */
    public static EventStream open(URI uri, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream")
                .GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<InputStream> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).as("status of %s", uri).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        EventStream stream = new EventStream(response);
        stream.awaitComment("connected");
        return stream;
    }

    public static EventStream open(URI uri) throws IOException, InterruptedException {
        return open(uri, null);
    }

    /** Waits for the next event named {@code name} that matches; fails after {@link #PATIENCE}. */
    public Received await(String name, Predicate<Received> matching) throws InterruptedException {
        return next(r -> r.name().equals(name) && matching.test(r), PATIENCE)
                .orElseThrow(() -> new AssertionError("No '" + name + "' event within " + PATIENCE + "; saw " + seen));
    }

    /** Waits for the next {@code host} event about {@code hostname}. */
    public Received awaitHost(String hostname) throws InterruptedException {
        return await("host", r -> hostname.equals(r.hostname()));
    }

    /** Waits for a comment with this text. */
    public Received awaitComment(String text) throws InterruptedException {
        return next(r -> r.isComment() && r.data().equals(text), PATIENCE)
                .orElseThrow(() -> new AssertionError("No ': " + text + "' comment within " + PATIENCE));
    }

    /** The next named event (comments skipped) that arrives within {@code wait}, if any. */
    public Optional<Received> nextEvent(Duration wait) throws InterruptedException {
        return next(r -> !r.isComment(), wait);
    }

    private Optional<Received> next(Predicate<Received> matching, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Received r = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
            if (r == null) {
                return Optional.empty();
            }
            seen.add(r);
            if (matching.test(r)) {
                return Optional.of(r);
            }
        }
    }

    private void read() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            StringBuilder data = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        received.add(new Received(name == null ? "message" : name, data.toString()));
                    }
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    received.add(new Received(":", line.substring(1).strip()));
                } else if (line.startsWith("event:")) {
                    name = line.substring("event:".length()).strip();
                } else if (line.startsWith("data:")) {
                    String chunk = line.substring("data:".length());
                    chunk = chunk.startsWith(" ") ? chunk.substring(1) : chunk;
                    data = data == null
                            ? new StringBuilder(chunk)
                            : data.append('\n').append(chunk);
                }
            }
        } catch (IOException e) {
            // closed by the test
        }
    }

    @Override
    public void close() throws IOException {
        response.body().close();
        reader.interrupt();
    }
}
