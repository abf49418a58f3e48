package org.evote.tally.decrypt;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.testing.TinyGroup;

class DiscreteLogProperties {
  static final Group G = TinyGroup.INSTANCE;
  static final PublicKey K = PublicKey.of(G.gExp(G.scalar(BigInteger.valueOf(123_456_789))));

  @Property(tries = 200)
  void findsEveryValueUpToTheBound(@ForAll @IntRange(min = 0, max = 5000) int t, @ForAll @IntRange(min = 0, max = 5000) int bound) {
    Element kt = K.exp(G.scalar(t));
    DiscreteLog log = new DiscreteLog(K, bound);
    if (t <= bound) {
      assertThat(log.log(kt)).hasValue(t);
    } else {
      assertThat(log.log(kt)).isEmpty();
    }
  }
}
