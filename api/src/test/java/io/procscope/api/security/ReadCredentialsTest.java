package io.procscope.api.security;

import static io.procscope.api.security.ReadCredentials.presentedKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ReadCredentialsTest {

    static final String KEY = "s3cret-read-key";

    @Test
    void readsABearerToken() {
        assertThat(presentedKey("Bearer " + KEY)).contains(KEY);
        assertThat(presentedKey("bearer   " + KEY + "  ")).contains(KEY);
    }

    @Test
    void readsTheBasicPasswordWhateverTheUserName() {
        assertThat(presentedKey(basic("alice:" + KEY))).contains(KEY);
        assertThat(presentedKey(basic(":" + KEY))).contains(KEY);
    }

    @Test
    void keepsColonsInTheBasicPassword() {
        assertThat(presentedKey(basic("alice:key:with:colons"))).contains("key:with:colons");
    }

    @Test
    void presentsNothingForMissingOrUnusableHeaders() {
        assertThat(presentedKey(null)).isEmpty();
        assertThat(presentedKey("")).isEmpty();
        assertThat(presentedKey("Bearer ")).isEmpty();
        assertThat(presentedKey("Digest username=\"alice\"")).isEmpty();
        assertThat(presentedKey("Basic not*base64")).isEmpty();
        assertThat(presentedKey(basic("no-colon-at-all"))).isEmpty();
        assertThat(presentedKey(basic("alice:"))).isEmpty();
    }

    static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }
}
