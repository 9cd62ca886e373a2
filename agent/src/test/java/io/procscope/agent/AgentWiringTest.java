package io.procscope.agent;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procscope.agent.config.ConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentWiringTest {

    @TempDir
    Path dir;

    @Test
    void aProcPathThatIsNoDirectoryNamesTheSetting() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "proc-path is checked on Linux");

        assertThatThrownBy(() -> AgentWiring.configureOshi(dir.resolve("no-proc")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid proc-path");
    }
}
