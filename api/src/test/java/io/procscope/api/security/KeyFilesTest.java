package io.procscope.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsAMountedSecretWithItsTrailingNewline() throws IOException {
        // kubectl create secret --from-literal writes no newline; --from-file and editors write one.
        Path file = Files.writeString(dir.resolve("admin-keys"), "first-key\n");

        assertThat(KeyFiles.keys(Optional.empty(), Optional.of(file), "procscope.admin.keys-file"))
                .containsExactly("first-key");
    }

    @Test
    void takesKeysPerLineOrCommaSeparatedAndSkipsCommentsAndBlanks() throws IOException {
        Path file = Files.writeString(
                dir.resolve("keys"), "# rotated 2026-11\n\n  new-key  \nold-key, older-key\r\n#gone-key\n");

        assertThat(KeyFiles.keys(Optional.of(List.of(" inline-key ", "")), Optional.of(file), "s"))
                .containsExactly("inline-key", "new-key", "old-key", "older-key");
    }

    @Test
    void withoutAFileTheInlineKeysAreTheKeys() {
        assertThat(KeyFiles.keys(Optional.of(List.of("a", " b ")), Optional.empty(), "s"))
                .containsExactly("a", "b");
        assertThat(KeyFiles.keys(Optional.empty(), Optional.empty(), "s")).isEmpty();
    }

    @Test
    void aFileThatCannotBeReadStopsTheStartAndNamesTheSetting() {
        Path missing = dir.resolve("not-mounted");

        assertThatThrownBy(() -> KeyFiles.keys(Optional.empty(), Optional.of(missing), "procscope.read.keys-file"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("procscope.read.keys-file")
                .hasMessageContaining(missing.toString());
    }
}
