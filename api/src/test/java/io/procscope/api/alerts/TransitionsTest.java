package io.procscope.api.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.api.alerts.Transitions.Active;
import io.procscope.api.alerts.Transitions.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransitionsTest {

    private static final long T0 = 1_800_000_000_000L;

    private static final AlertRule FOR_2M = new AlertRule(
            "r",
            HostSelector.ALL,
            new Condition.ProcessAbsent(ProcessMatch.names("nginx")),
            Duration.ofMinutes(2),
            AlertRule.Severity.CRITICAL,
            Map.of(),
            true);
    private static final AlertRule AT_ONCE = new AlertRule(
            "r",
            HostSelector.ALL,
            new Condition.ProcessCpu(ProcessMatch.names("java"), 90),
            Duration.ZERO,
            AlertRule.Severity.WARNING,
            Map.of(),
            true);

    private static final Conditions.Observation ABSENT = new Conditions.Observation("", null, null, 0, "no nginx");

    @Test
    void goesPendingThenFiresOnceForHasElapsedThenResolves() {
        List<Transitions.Change> first = Transitions.decide(FOR_2M, List.of(), Conditions.Outcome.holds(ABSENT), T0);
        assertThat(first).extracting(Transitions.Change::kind).containsExactly(Kind.PENDING);
        assertThat(first.get(0).transition()).isEqualTo("pending");

        Active pending = active("", false, T0, 0);
        assertThat(Transitions.decide(FOR_2M, List.of(pending), Conditions.Outcome.holds(ABSENT), T0 + 119_999))
                .as("not before for")
                .isEmpty();
        assertThat(Transitions.decide(FOR_2M, List.of(pending), Conditions.Outcome.holds(ABSENT), T0 + 120_000))
                .extracting(Transitions.Change::kind)
                .containsExactly(Kind.PROMOTE);

        Active firing = active("", true, T0, 0);
        assertThat(Transitions.decide(FOR_2M, List.of(firing), Conditions.Outcome.holds(ABSENT), T0 + 500_000))
                .as("firing stays firing")
                .isEmpty();
        List<Transitions.Change> resolved =
                Transitions.decide(FOR_2M, List.of(firing), Conditions.Outcome.clear(1), T0 + 600_000);
        assertThat(resolved).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.RESOLVE);
            assertThat(c.transition()).isEqualTo("resolved");
            assertThat(c.value()).as("the count now").isEqualTo(1);
            assertThat(c.summary()).isEqualTo("no nginx");
        });
    }

    @Test
    void aPendingAlertThatStopsIsDroppedUnrecorded() {
        List<Transitions.Change> changes =
                Transitions.decide(FOR_2M, List.of(active("", false, T0, 0)), Conditions.Outcome.clear(1), T0 + 60_000);

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.DROP);
            assertThat(c.transition()).isNull();
        });
    }

    @Test
    void aRuleWithoutForFiresAtOnce() {
        Conditions.Observation hot = new Conditions.Observation("7:1", 7, 1L, 95, "hot");

        assertThat(Transitions.decide(AT_ONCE, List.of(), new Conditions.Outcome(true, 95, List.of(hot)), T0))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.kind()).isEqualTo(Kind.FIRE);
                    assertThat(c.subject()).isEqualTo("7:1");
                    assertThat(c.pid()).isEqualTo(7);
                    assertThat(c.transition()).isEqualTo("firing");
                });
    }

    @Test
    void aProcessThatStopsHoldingResolvesWithItsLastValue() {
        Active hot = new Active("r", "7:1", true, T0, T0, 97, 7, 1L, "hot");

        assertThat(Transitions.decide(AT_ONCE, List.of(hot), new Conditions.Outcome(true, 0, List.of()), T0 + 10_000))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.kind()).isEqualTo(Kind.RESOLVE);
                    assertThat(c.value()).isEqualTo(97);
                    assertThat(c.pid()).isEqualTo(7);
                });
    }

    @Test
    void anUnjudgedRuleChangesNothing() {
        assertThat(Transitions.decide(
                        FOR_2M, List.of(active("", true, T0, 0)), Conditions.Outcome.NOT_EVALUATED, T0 + 600_000))
                .isEmpty();
    }

    @Test
    void capsAlertsPerRuleAndHostKeepingThoseActive() {
        List<Conditions.Observation> hot = new ArrayList<>();
        for (int pid = 1; pid <= 150; pid++) {
            hot.add(new Conditions.Observation(pid + ":0", pid, 0L, 1000 - pid, "p" + pid));
        }
        // the one already firing is the coolest of all, and keeps its place
        Active old = new Active("r", "150:0", true, T0, T0, 850, 150, 0L, "p150");

        List<Transitions.Change> changes =
                Transitions.decide(AT_ONCE, List.of(old), new Conditions.Outcome(true, 999, hot), T0 + 1);

        assertThat(changes).hasSize(Transitions.MAX_PER_RULE_AND_HOST - 1);
        assertThat(changes)
                .extracting(Transitions.Change::subject)
                .doesNotContain("150:0", "100:0")
                .contains("1:0", "99:0");
    }

    @Test
    void theTimerPromotesOnlyElapsedPendingAlerts() {
        List<Active> active =
                List.of(active("", false, T0, 0), new Active("r", "1:1", false, T0 + 60_000, null, 3, 1, 1L, "x"));

        assertThat(Transitions.promote(FOR_2M, active, T0 + 150_000))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.kind()).isEqualTo(Kind.PROMOTE);
                    assertThat(c.subject()).isEmpty();
                });
        assertThat(Transitions.promote(FOR_2M, List.of(active("", true, T0, 0)), T0 + 900_000))
                .isEmpty();
    }

    @Test
    void withdrawingResolvesFiringAndDropsPending() {
        assertThat(Transitions.withdraw(List.of(active("", true, T0, 0), active("x", false, T0, 0))))
                .extracting(Transitions.Change::kind)
                .containsExactly(Kind.RESOLVE, Kind.DROP);
    }

    private static Active active(String subject, boolean firing, long pendingSince, double value) {
        return new Active(
                "r",
                subject,
                firing,
                pendingSince,
                firing ? pendingSince + 120_000 : null,
                value,
                null,
                null,
                "no nginx");
    }
}
