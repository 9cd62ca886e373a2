package io.procscope.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.procscope.api.config.ProcscopeConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentKeysTest {

    static final String KEY = "a-long-random-agent-key-0123456789";
    /** {@code printf %s a-long-random-agent-key-0123456789 | sha256sum} */
    static final String KEY_DIGEST =
            "sha256:" + java.util.HexFormat.of().formatHex(io.procscope.api.security.KeyDigests.sha256(KEY));

    @Test
    void acceptsEveryConfiguredKeyAndNothingElse() {
        AgentKeys keys = keys(KEY, "second-key-for-rotation-000");

        assertThat(keys.accepts(KEY)).isTrue();
        assertThat(keys.accepts("second-key-for-rotation-000")).isTrue();
        assertThat(keys.accepts(KEY + "x")).isFalse();
        assertThat(keys.accepts("")).isFalse();
        assertThat(keys.accepts(null)).isFalse();
    }

    @Test
    void acceptsAKeyConfiguredOnlyByItsDigest() {
        AgentKeys keys = keys(KEY_DIGEST);

        assertThat(keys.accepts(KEY)).isTrue();
        assertThat(keys.accepts(KEY_DIGEST)).isFalse();
    }

    @Test
    void refusesADigestThatIsNotSha256() {
        assertThatThrownBy(() -> keys("sha256:abc")).hasMessageContaining("64 hex digits");
    }

    static AgentKeys keys(String... keys) {
        return new AgentKeys(new ProcscopeConfig() {
            @Override
            public Optional<List<String>> apiKeys() {
                return Optional.of(List.of(keys));
            }

            @Override
            public Hosts hosts() {
                return null;
            }

            @Override
            public History history() {
                return null;
            }

            @Override
            public Ingest ingest() {
                return null;
            }

            @Override
            public Retention retention() {
                return null;
            }
        });
    }
}
