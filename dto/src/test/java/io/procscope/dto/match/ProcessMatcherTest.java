package io.procscope.dto.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProcessMatcherTest {

    @Test
    void acceptsEverythingWithoutRules() {
        assertThat(ProcessMatcher.ALL.acceptsAll()).isTrue();
        assertThat(ProcessMatcher.ALL.accepts("x", null, null)).isTrue();
    }

    @Test
    void excludesByNameWithWildcards() {
        ProcessMatcher f =
                new ProcessMatcher(List.of(), List.of("kworker/*", "sshd"), List.of(), List.of(), null, null);

        assertThat(f.accepts("kworker/0:1-events", "root", null)).isFalse();
        assertThat(f.accepts("sshd", "root", "sshd: alice")).isFalse();
        assertThat(f.accepts("sshd-session", "root", null)).isTrue();
    }

    @Test
    void includesOnlyMatchingUsersAndNamesTogether() {
        ProcessMatcher f =
                new ProcessMatcher(List.of("java", "postgres"), List.of(), List.of("app*"), List.of(), null, null);

        assertThat(f.accepts("java", "app", null)).isTrue();
        assertThat(f.accepts("java", "appuser", null)).isTrue();
        assertThat(f.accepts("java", "root", null)).isFalse();
        assertThat(f.accepts("python3", "app", null)).isFalse();
    }

    @Test
    void excludesUsersEvenWhenIncluded() {
        ProcessMatcher f = new ProcessMatcher(List.of(), List.of(), List.of("*"), List.of("root"), null, null);

        assertThat(f.accepts("bash", "root", null)).isFalse();
        assertThat(f.accepts("bash", "alice", null)).isTrue();
    }

    @Test
    void matchesCommandLinesByRegexAnywhere() {
        ProcessMatcher f = new ProcessMatcher(
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                Pattern.compile("-jar \\S+\\.jar"),
                Pattern.compile("--internal"));

        assertThat(f.needsCommandLine()).isTrue();
        assertThat(f.accepts("java", "app", "java\0-jar\0orders.jar")).isTrue();
        assertThat(f.accepts("java", "app", "java -jar orders.jar --internal")).isFalse();
        assertThat(f.accepts("java", "app", "java -cp x Main")).isFalse();
        assertThat(f.accepts("kthreadd", "root", null)).isFalse();
    }
}
