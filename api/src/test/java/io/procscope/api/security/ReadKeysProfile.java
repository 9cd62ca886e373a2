package io.procscope.api.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Reads protected by two read keys, as during a rotation. */
public class ReadKeysProfile implements QuarkusTestProfile {

    static final String READ_KEY = "read-key-current";
    static final String PREVIOUS_READ_KEY = "read-key-previous";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("procscope.read.keys", READ_KEY + ", " + PREVIOUS_READ_KEY);
    }
}
