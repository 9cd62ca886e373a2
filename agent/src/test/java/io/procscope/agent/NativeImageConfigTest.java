package io.procscope.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GraalVM cannot run here, so the native image's reachability metadata is checked on the JVM: every
 * file parses, every class and interface it names exists on the agent's classpath, and every
 * resource it includes is there to include. The native CI build is what proves it complete.
 */
class NativeImageConfigTest {

    static final String DIR = "META-INF/native-image/io.procscope/procscope-agent/";

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"reflect-config.json", "jni-config.json"})
    void namesOnlyClassesThatExist(String file) throws IOException {
        JsonNode entries = read(file);

        assertThat(entries.isArray()).isTrue();
        assertThat(entries).isNotEmpty();
        for (JsonNode e : entries) {
            assertThat(classExists(e.get("name").asText()))
                    .as("%s: %s", file, e)
                    .isTrue();
        }
    }

    @Test
    void registersTheWireContractForJackson() throws IOException {
        List<String> names = new ArrayList<>();
        read("reflect-config.json").forEach(e -> names.add(e.get("name").asText()));

        assertThat(names)
                .contains(
                        io.procscope.dto.HostReport.class.getName(),
                        io.procscope.dto.HostInfo.class.getName(),
                        io.procscope.dto.SystemMetrics.class.getName(),
                        io.procscope.dto.FileSystemUsage.class.getName(),
                        io.procscope.dto.ProcessInfo.class.getName(),
                        io.procscope.dto.ProcessStatus.class.getName(),
                        io.procscope.dto.ReportReceipt.class.getName(),
                        AgentLogging.ShutdownSafeLogManager.class.getName());
    }

    @Test
    void proxiesOnlyInterfacesThatExist() throws Exception {
        for (JsonNode e : read("proxy-config.json")) {
            for (JsonNode i : e.get("interfaces")) {
                Class<?> c = Class.forName(i.asText(), false, getClass().getClassLoader());
                assertThat(c.isInterface()).as(i.asText()).isTrue();
            }
        }
    }

    @Test
    void includesResourcesThatExist() throws IOException {
        Pattern quoted = Pattern.compile("\\\\Q(.*)\\\\E");
        for (JsonNode e : read("resource-config.json").get("resources").get("includes")) {
            Matcher m = quoted.matcher(e.get("pattern").asText());
            assertThat(m.matches()).as("a literal resource name: %s", e).isTrue();
            assertThat(getClass().getClassLoader().getResource(m.group(1)))
                    .as(m.group(1))
                    .isNotNull();
        }
    }

    @Test
    void passesItsBuildArguments() throws IOException {
        Properties p = new Properties();
        try (InputStream in = resource("native-image.properties")) {
            p.load(in);
        }

        assertThat(p.getProperty("Args")).contains("--enable-https", "--initialize-at-run-time=com.sun.jna,oshi");
    }

    private static boolean classExists(String name) {
        try {
            Class.forName(name, false, NativeImageConfigTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private JsonNode read(String file) throws IOException {
        try (InputStream in = resource(file)) {
            return JSON.readTree(in);
        }
    }

    private InputStream resource(String file) {
        InputStream in = getClass().getClassLoader().getResourceAsStream(DIR + file);
        assertThat(in).as(DIR + file).isNotNull();
        return in;
    }
}
