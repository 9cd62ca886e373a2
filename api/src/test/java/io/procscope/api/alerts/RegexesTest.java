package io.procscope.api.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegexesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "(a+)+b",
                "(a*)*",
                "(x+x+)+y",
                "((ab)*c)+",
                "(?:a|aa+)+$",
                "(a{2,})+",
                "(.*a){20}",
                "(\\w+\\s?)*$",
                "(a)\\1",
                "\\k<n>"
            })
    void refusesPatternsThatBacktrackExponentially(String regex) {
        assertThat(Regexes.danger(regex)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "-jar \\S+\\.jar",
                "nginx: master",
                "(foo|bar)+",
                "(ab)?c+",
                "[(a+)+]",
                "\\(a+\\)+",
                "^java .*-Xmx\\d+[mg]",
                "(a{1,3})+",
                "\\Q(a+)+\\E",
                "(?i)postgres"
            })
    void acceptsOrdinaryPatterns(String regex) {
        assertThat(Regexes.danger(regex)).isEmpty();
    }

    @Test
    void theBudgetStopsAPatternTheShapeCheckMisses() {
        // Java's engine memoizes many classic cases, not this one: exponential in the x's
        Pattern p = Pattern.compile("((x+)+)+y");
        MatchBudget budget = MatchBudget.standard();
        long t0 = System.nanoTime();
        boolean gaveUp = false;
        try {
            p.matcher(budget.read("x".repeat(60))).find();
        } catch (MatchBudget.Exhausted e) {
            gaveUp = true;
        }
        assertThat(gaveUp).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1_000);
    }

    @Test
    void theBudgetReadsNulsAsSpaces() {
        assertThat(Pattern.compile("-jar orders")
                        .matcher(MatchBudget.standard().read("java\0-jar\0orders.jar"))
                        .find())
                .isTrue();
    }
}
