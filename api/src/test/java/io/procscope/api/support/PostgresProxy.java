package io.procscope.api.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real PostgreSQL of {@link PostgresDatabase}, reached through a {@link TcpProxy} that the test
 * can cut ({@link InjectPostgresProxy}): every connection the application opens, pooled or
 * listening, goes through it.
 */
public class PostgresProxy implements QuarkusTestResourceLifecycleManager {

    private static final Pattern SERVER = Pattern.compile("^jdbc:postgresql://([^/:?]+)(?::(\\d+))?/");

    private TcpProxy proxy;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(new PostgresDatabase().start());
        String url = config.get("quarkus.datasource.jdbc.url");
        Matcher server = SERVER.matcher(url);
        if (!server.find()) {
            throw new IllegalStateException("Cannot tell the server of " + url);
        }
        proxy = new TcpProxy(server.group(1), server.group(2) == null ? 5432 : Integer.parseInt(server.group(2)));
        try {
            proxy.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.put(
                "quarkus.datasource.jdbc.url",
                server.replaceFirst("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/"));
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                proxy, new TestInjector.AnnotatedAndMatchesType(InjectPostgresProxy.class, TcpProxy.class));
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
