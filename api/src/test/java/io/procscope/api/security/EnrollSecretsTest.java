package io.procscope.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrollSecretsTest {

    static final String SECRET = "a-long-random-enroll-secret-0123456789";
    /** {@code printf %s a-long-random-enroll-secret-0123456789 | sha256sum} */
    static final String SECRET_DIGEST = "sha256:" + HexFormat.of().formatHex(KeyDigests.sha256(SECRET));

    @TempDir
    Path dir;

    @Test
    void acceptsEveryConfiguredSecretAndNothingElse() {
        EnrollSecrets secrets = secrets(SECRET, "second-secret-for-rotation-000");

        assertThat(secrets.accepts(SECRET)).isTrue();
        assertThat(secrets.accepts("second-secret-for-rotation-000")).isTrue();
        assertThat(secrets.accepts(SECRET + "x")).isFalse();
        assertThat(secrets.accepts("")).isFalse();
        assertThat(secrets.accepts(null)).isFalse();
    }

    @Test
    void acceptsASecretConfiguredOnlyByItsDigest() {
        EnrollSecrets secrets = secrets(SECRET_DIGEST);

        assertThat(secrets.accepts(SECRET)).isTrue();
        assertThat(secrets.accepts(SECRET_DIGEST)).isFalse();
    }

    @Test
    void refusesADigestThatIsNotSha256() {
        assertThatThrownBy(() -> secrets("sha256:abc")).hasMessageContaining("64 hex digits");
    }

    @Test
    void takesTheDeprecatedApiKeysAsEnrollmentSecrets() {
        EnrollSecrets secrets = new EnrollSecrets(
                Optional.of(List.of(SECRET)), Optional.empty(), Optional.of(List.of("old-shared-key")));

        assertThat(secrets.accepts(SECRET)).isTrue();
        assertThat(secrets.accepts("old-shared-key")).isTrue();
    }

    @Test
    void readsSecretsFromAFileBesideTheInlineOnes() throws IOException {
        Path file = Files.writeString(
                dir.resolve("enroll-secrets"), "# mounted from a Secret\nfrom-the-file-0123456789\n\n" + SECRET_DIGEST);

        EnrollSecrets secrets = new EnrollSecrets(
                Optional.of(List.of("inline-secret-0123456789")), Optional.of(file), Optional.empty());

        assertThat(secrets.accepts("inline-secret-0123456789")).isTrue();
        assertThat(secrets.accepts("from-the-file-0123456789")).isTrue();
        assertThat(secrets.accepts(SECRET)).isTrue();
        assertThat(secrets.accepts("# mounted from a Secret")).isFalse();
    }

    @Test
    void aSecretsFileThatCannotBeReadStopsTheStartAndNamesTheSetting() {
        Path missing = dir.resolve("no-such-file");

        assertThatThrownBy(() -> new EnrollSecrets(Optional.empty(), Optional.of(missing), Optional.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("procscope.enroll-secrets-file")
                .hasMessageContaining(missing.toString());
    }

    static EnrollSecrets secrets(String... secrets) {
        return new EnrollSecrets(Optional.of(List.of(secrets)), Optional.empty(), Optional.empty());
    }
}
