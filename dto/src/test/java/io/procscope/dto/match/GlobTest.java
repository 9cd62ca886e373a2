package io.procscope.dto.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # glob          | text                   | matches
            sshd            | sshd                   | true
            sshd            | sshd-session           | false
            sshd            | SSHD                   | false
            kworker/*       | kworker/0:1-events     | true
            kworker/*       | kworker/               | true
            kworker/*       | xkworker/1             | false
            *               | ''                     | true
            *               | any thing/at all       | true
            app*            | app                    | true
            *app*           | my-app-1               | true
            a*b*c           | a-b-c                  | true
            a*b*c           | a-c-b                  | false
            a.b             | a.b                    | true
            a.b             | axb                    | false
            [x]+(y)?        | [x]+(y)?               | true
            [x]+(y)?        | xy                     | false
            a\\Eb*          | a\\Eb-1                | true
            *a*a*b          | aaab                   | true
            *a*a*b          | aab                    | true
            *a*a*b          | ab                     | false
            *x              | xxxx                   | true
            x**y            | xy                     | true
            $HOME^          | $HOME^                 | true
            """)
    void matchesWholeTextsWithStarAsAnyRun(String glob, String text, boolean matches) {
        assertThat(Glob.of(glob).matches(text)).isEqualTo(matches);
    }

    @Test
    void matchesStarsAgainstLongTextsWithoutBacktrackingAway() {
        // a regular expression .*a.*a.*a.*a.*b backtracks through every split of the a's
        Glob glob = Glob.of("*a*a*a*a*b");
        String text = "a".repeat(20_000);

        long t0 = System.nanoTime();
        assertThat(glob.matches(text)).isFalse();
        assertThat(glob.matches(text + "b")).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(2_000);
    }

    @Test
    void matchesARegionOfCharacters() {
        char[] chars = "--db_password=x".toCharArray();

        assertThat(Glob.of("*pass*").matches(chars, 0, 13)).isTrue();
        assertThat(Glob.of("*pass").matches(chars, 0, 13)).isFalse();
        assertThat(Glob.of("db_*").matches(chars, 2, 13)).isTrue();
    }
}
