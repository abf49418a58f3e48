package org.evote.verifier.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.evote.verifier.CheckResult;
import org.evote.verifier.Failure;
import org.evote.verifier.Status;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A check keeps the same first failures whatever order the worker threads report them in, counts
 * all of them, and names ballots given by ordinal when the result is built.
 */
class CheckProperties {

  @Property(tries = 300)
  void keepsTheSmallestFailuresInAnyOrder(
      @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 50) Integer> orders,
      @ForAll @IntRange(min = 0, max = 30) int maxKept,
      @ForAll long shuffleSeed) {
    List<Integer> shuffled = new ArrayList<>(orders);
    Collections.shuffle(shuffled, new Random(shuffleSeed));
    Check inOrder = new Check("x", "X", maxKept);
    Check shuffledCheck = new Check("x", "X", maxKept);
    for (int i = 0; i < orders.size(); i++) {
      inOrder.fail(orders.get(i), "at " + orders.get(i), "reason " + orders.get(i));
    }
    shuffled.parallelStream().forEach(o -> shuffledCheck.fail(o, "at " + o, "reason " + o));
    CheckResult a = inOrder.result(o -> "ballot #" + o);
    CheckResult b = shuffledCheck.result(o -> "ballot #" + o);
    assertThat(a).isEqualTo(b);
    assertThat(a.failureCount()).isEqualTo(orders.size());
    List<Failure> expected = orders.stream().sorted(Comparator.naturalOrder()).limit(maxKept)
        .map(o -> new Failure("at " + o, "reason " + o)).toList();
    assertThat(a.failures()).isEqualTo(expected);
    assertThat(a.status()).isEqualTo(orders.isEmpty() ? Status.PASSED : Status.FAILED);
  }

  @Property(tries = 100)
  void pairsNameTheLaterBallotAndTheEarlierOne(@ForAll @IntRange(min = 0, max = 1000) int a, @ForAll @IntRange(min = 0, max = 1000) int b) {
    Check check = new Check("B.2", "ids", 5);
    check.failPair(a, b, "the ballot id x");
    Failure f = check.result(o -> "ballot #" + o).failures().get(0);
    assertThat(f.location()).isEqualTo("ballot #" + Math.max(a, b));
    assertThat(f.reason()).isEqualTo(a == b
        ? "the ballot id x appears twice in this ballot"
        : "the ballot id x is also in ballot #" + Math.min(a, b));
    assertThat(check.referencedOrdinals()).contains(Math.max(a, b));
  }

  @Nested
  @DisplayName("a check's status")
  class StatusRules {
    @Test
    @DisplayName("a not-applicable check with a failure fails: failures are never hidden")
    void failureBeatsNotApplicable() {
      Check c = new Check("7.D-G", "chains", 3);
      c.notApplicable("not applicable: chaining is off");
      assertThat(c.result(o -> "").status()).isEqualTo(Status.NOT_APPLICABLE);
      c.fail(0, "x", "y");
      CheckResult r = c.result(o -> "");
      assertThat(r.status()).isEqualTo(Status.FAILED);
      assertThat(r.failures()).containsExactly(new Failure("x", "y"));
    }

    @Test
    @DisplayName("no failures kept still counts them all")
    void zeroKept() {
      Check c = new Check("5", "proofs", 0);
      IntStream.range(0, 7).forEach(i -> c.fail(i, "l", "r"));
      CheckResult r = c.result(o -> "");
      assertThat(r.failures()).isEmpty();
      assertThat(r.failureCount()).isEqualTo(7);
      assertThat(r.moreFailures()).isEqualTo(7);
    }

    @Test
    @DisplayName("a negative limit is a caller's mistake")
    void negativeLimit() {
      assertThatThrownBy(() -> new Check("5", "proofs", -1)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxKept must be >= 0, got -1");
    }

    @Test
    @DisplayName("an unknown check id names the known ones")
    void unknownId() {
      assertThatThrownBy(() -> new Checks(1).get("99")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("no check '99'; known checks are [1, 2, 3, 4, B.1, 5, 6, 7.A-B, 7.C, 7.D-G, B.2, B.3, 8,");
    }
  }
}
