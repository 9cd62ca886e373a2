package io.procscope.api.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads protected by two read keys, as during a rotation, and a third from a key file, as a
 * mounted Secret gives it; the admin key of every test profile stays set.
 */
public class ReadKeysProfile implements QuarkusTestProfile {

    static final String READ_KEY = "read-key-current";
    static final String PREVIOUS_READ_KEY = "read-key-previous";
    static final String FILE_READ_KEY = "read-key-from-file";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "procscope.read.keys",
                READ_KEY + ", " + PREVIOUS_READ_KEY,
                "procscope.read.keys-file",
                keyFile().toString());
    }

    /** A key file as a mounted Secret holds it: a comment, then the key. */
    private static Path keyFile() {
        try {
            Path file = Files.createTempFile("procscope-read-keys-", ".txt");
            Files.writeString(file, "# read keys of the tests\n" + FILE_READ_KEY + "\n");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
