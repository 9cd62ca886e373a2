package io.procscope.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldsTest {

    /** U+1F600, one character written as a surrogate pair: two UTF-16 code units. */
    private static final String EMOJI = "\uD83D\uDE00";

    @Test
    void cutsNeverBetweenTheHalvesOfASurrogatePair() {
        String text = "ab" + EMOJI + "cd";

        assertThat(Fields.cut(text, 3)).as("the pair would start at the cut").isEqualTo("ab");
        assertThat(Fields.cut(text, 4)).as("the pair ends at the cut").isEqualTo("ab" + EMOJI);
        assertThat(Fields.cut(EMOJI, 1)).isEmpty();
    }

    @Test
    void cutsToExactlyTheBound() {
        assertThat(Fields.cut("abcdef", 4)).isEqualTo("abcd");
        assertThat(Fields.cut("abcd", 4)).isEqualTo("abcd");
    }

    @Test
    void keepsWhatIsShorterNullOrEmpty() {
        String shorter = "postgres";

        assertThat(Fields.cut(shorter, 1024)).isSameAs(shorter);
        assertThat(Fields.cut(null, 4)).isNull();
        assertThat(Fields.cut("", 4)).isEmpty();
    }

    @Test
    void emptiesOnlyWhatIsEmpty() {
        assertThat(Fields.emptyToNull("")).isNull();
        assertThat(Fields.emptyToNull(null)).isNull();
        assertThat(Fields.emptyToNull(" -D x ")).isEqualTo(" -D x ");
    }

    @Test
    void stripsReadValuesAndEmptiesBlankOnes() {
        assertThat(Fields.blankToNull("  Debian GNU/Linux \n")).isEqualTo("Debian GNU/Linux");
        assertThat(Fields.blankToNull(" \t")).isNull();
        assertThat(Fields.blankToNull(null)).isNull();
    }
}
