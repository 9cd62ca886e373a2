package io.procscope.agent.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enrollment ids, over many generated inputs (seeded, so that a failure repeats): every id the
 * agent makes is one the API takes, the agent's check of an id read from disk agrees with the
 * API's rule, and the enrollment file gives back what was written, or refuses, whatever it holds.
 */
class PendingEnrollmentTest {

    private static final long SEED = 20261202L;
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    /** Characters an id must not have: standard base64's, padding, space, NUL, quotes, non-ASCII. */
    private static final String OTHERS = "+/= \u0000\"\\.\u00e9\u4e2d\n";

    @TempDir
    Path dir;

    @Test
    void everyIdMadeIsOneTheApiTakesAndNoneRepeats() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = PendingEnrollment.create("web-1", random).id();

            assertThat(id).hasSize(22);
            assertThat(PendingEnrollment.isValidId(id)).as(id).isTrue();
            assertThat(Base64.getUrlDecoder().decode(id)).hasSize(PendingEnrollment.ID_BYTES);
            assertThat(seen.add(id)).as("ids do not repeat").isTrue();
        }
    }

    @Test
    void anIdIsValidExactlyWhenItIs22To64Base64urlCharacters() {
        Random random = new Random(SEED);
        int valid = 0;
        for (int i = 0; i < 20_000; i++) {
            String id = generated(random);

            boolean expected =
                    id.length() >= 22 && id.length() <= 64 && id.chars().allMatch(c -> BASE64URL.indexOf(c) >= 0);
            assertThat(PendingEnrollment.isValidId(id)).as("'%s'", id).isEqualTo(expected);
            valid += expected ? 1 : 0;
        }
        assertThat(valid).as("both kinds generated").isBetween(2_000, 18_000);
    }

    @Test
    void theEnrollmentFileGivesBackWhatWasWrittenForAnyHostName() throws IOException {
        Random random = new Random(SEED);
        SecureRandom ids = new SecureRandom();
        CredentialFile file = new CredentialFile(dir.resolve("state/credential"), true);
        for (int i = 0; i < 300; i++) {
            PendingEnrollment written = PendingEnrollment.create(hostname(random), ids);

            file.writeEnrollment(written);

            assertThat(file.readEnrollment()).contains(written);
        }
        file.deleteEnrollment();
        assertThat(file.readEnrollment()).isEmpty();
    }

    @Test
    void anEnrollmentFileOfAnyContentIsReadOrRefusedNeverMore() throws IOException {
        Random random = new Random(SEED);
        CredentialFile file = new CredentialFile(dir.resolve("credential"), true);
        Files.createDirectories(dir);
        String[] shapes = {
            "{\"hostname\":\"%s\",\"enrollmentId\":\"%s\"}",
            "{\"hostname\":%s,\"enrollmentId\":\"%s\"}",
            "{\"enrollmentId\":\"%2$s\"}",
            "[\"%s\",\"%s\"]",
            "%s%s",
            "{\"hostname\":\"%s\",\"enrollmentId\":\"%s\",\"enrollmentId\":\"x\"}"
        };
        for (int i = 0; i < 2_000; i++) {
            String content = String.format(shapes[random.nextInt(shapes.length)], hostname(random), generated(random));
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(10) == 0) {
                bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
            }
            Files.write(file.enrollmentPath(), bytes);

            assertThatCode(() -> {
                        try {
                            Optional<PendingEnrollment> read = file.readEnrollment();
                            assertThat(read).isPresent();
                            assertThat(PendingEnrollment.isValidId(read.get().id()))
                                    .isTrue();
                            assertThat(read.get().hostname()).isNotBlank();
                        } catch (IOException e) {
                            assertThat(e.getMessage()).doesNotContain("psh_");
                        }
                    })
                    .as(content)
                    .doesNotThrowAnyException();
        }
    }

    /** An id-like string: mostly base64url, of a length around the limits, now and then another character. */
    private static String generated(Random random) {
        int length = switch (random.nextInt(4)) {
            case 0 -> random.nextInt(22);
            case 1 -> 22 + random.nextInt(43);
            case 2 -> 60 + random.nextInt(10);
            default -> random.nextInt(80);
        };
        StringBuilder id = new StringBuilder(length);
        boolean foreign = random.nextInt(3) == 0;
        for (int i = 0; i < length; i++) {
            id.append(
                    foreign && random.nextInt(8) == 0
                            ? OTHERS.charAt(random.nextInt(OTHERS.length()))
                            : BASE64URL.charAt(random.nextInt(BASE64URL.length())));
        }
        return id.toString();
    }

    /** A host name, sometimes with characters JSON must escape. */
    private static String hostname(Random random) {
        String letters = "abcdefghijklmnopqrstuvwxyz0123456789-._\"\\/\u00e9\u4e2d\t";
        int length = 1 + random.nextInt(40);
        StringBuilder name = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            name.append(letters.charAt(random.nextInt(random.nextInt(4) == 0 ? letters.length() : 38)));
        }
        return name.toString().isBlank() ? "h" : name.toString();
    }
}
