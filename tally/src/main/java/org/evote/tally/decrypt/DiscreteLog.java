package org.evote.tally.decrypt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.ByteString;

/**
 * Finds t from T = K^t for 0 &le; t &le; bound by baby-step giant-step (ElectionGuard 2.0 §3.6:
 * "a partial table ... is precomputed and the value T is repeatedly divided by K until a value is
 * found that is in the partial table"). The table holds K^j for 0 &le; j &lt; m with m = ⌈√(bound
 * + 1)⌉, so its size follows the number of ballots; a lookup takes at most m giant steps of K^-m.
 * Immutable and thread-safe once built.
 */
public final class DiscreteLog {
  private final Group group;
  private final long bound;
  private final int m;
  private final Map<ByteString, Integer> table;
  private final Element giant;

  /**
   * @param bound the largest t to look for, such as the number of ballots times the option limit
   */
  public DiscreteLog(PublicKey k, long bound) {
    if (bound < 0) {
      throw new IllegalArgumentException("the bound must be non-negative, got " + bound);
    }
    this.group = k.group();
    this.bound = bound;
    long mm = (long) Math.ceil(Math.sqrt((double) bound + 1));
    while (mm * mm < bound + 1) {
      mm++;
    }
    if (mm > 50_000_000L) {
      throw new IllegalArgumentException("a bound of " + bound + " needs a table too large for memory");
    }
    this.m = (int) mm;
    List<Element> powers = new ArrayList<>(m);
    Element acc = group.identity();
    for (int j = 0; j < m; j++) {
      powers.add(acc);
      acc = acc.multiply(k.element());
    }
    List<byte[]> enc = group.encodeAll(powers);
    this.table = new HashMap<>(m * 2);
    for (int j = 0; j < m; j++) {
      table.putIfAbsent(ByteString.of(enc.get(j)), j);
    }
    this.giant = group.inverse(acc); // K^-m
  }

  /** The bound this table was built for. */
  public long bound() {
    return bound;
  }

  /** t with T = K^t and 0 &le; t &le; bound, or empty. */
  public OptionalInt log(Element t) {
    Element gamma = group.check("T", t);
    for (long i = 0; i * m <= bound; i++) {
      Integer j = table.get(ByteString.of(gamma.encode()));
      if (j != null) {
        long v = i * m + j;
        return v <= bound && v <= Integer.MAX_VALUE ? OptionalInt.of((int) v) : OptionalInt.empty();
      }
      gamma = gamma.multiply(giant);
    }
    return OptionalInt.empty();
  }
}
