package io.procscope.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyDigestsTest {

    @Test
    void acceptsEachConfiguredKeyAndNothingElse() {
        KeyDigests keys = KeyDigests.of(List.of("current-key", "previous-key"));

        assertThat(keys.accepts("current-key")).isTrue();
        assertThat(keys.accepts("previous-key")).isTrue();
        assertThat(keys.accepts("current-key ")).isFalse();
        assertThat(keys.accepts("current")).isFalse();
        assertThat(keys.accepts("")).isFalse();
        assertThat(keys.accepts(null)).isFalse();
    }

    @Test
    void stripsBlanksAroundKeysAndDropsBlankOnes() {
        KeyDigests keys = KeyDigests.of(List.of(" spaced-key ", "", "  ", "spaced-key"));

        assertThat(keys.size()).isEqualTo(1);
        assertThat(keys.accepts("spaced-key")).isTrue();
    }

    @Test
    void acceptsNothingWithoutKeys() {
        KeyDigests keys = KeyDigests.of(List.of());

        assertThat(keys.isEmpty()).isTrue();
        assertThat(keys.accepts("anything")).isFalse();
    }
}
