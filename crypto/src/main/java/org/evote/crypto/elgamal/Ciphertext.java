package org.evote.crypto.elgamal;

import java.util.List;
import java.util.Objects;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;

/**
 * An exponential ElGamal ciphertext (α, β) = (g^ξ, K^(σ+ξ)) (spec §3.3.1, eq. 24). egk-ec calls
 * α the pad and β the data.
 *
 * @param pad α
 * @param data β
 */
public record Ciphertext(Element pad, Element data) {
  public Ciphertext {
    Objects.requireNonNull(pad, "pad");
    Objects.requireNonNull(data, "data");
    if (pad.group() != data.group()) {
      throw new IllegalArgumentException(
          "pad is in " + pad.group().name() + " but data is in " + data.group().name());
    }
  }

  public Group group() {
    return pad.group();
  }

  /** The component-wise product, an encryption of the sum (spec §3.3.1, footnote 29). */
  public Ciphertext multiply(Ciphertext other) {
    return new Ciphertext(pad.multiply(other.pad), data.multiply(other.data));
  }

  /** The component-wise product of all ciphertexts, (1, 1) for none (spec eq. 62). */
  public static Ciphertext product(Group group, List<Ciphertext> cts) {
    Element[] pads = new Element[cts.size()];
    Element[] datas = new Element[cts.size()];
    for (int i = 0; i < cts.size(); i++) {
      pads[i] = cts.get(i).pad();
      datas[i] = cts.get(i).data();
    }
    return new Ciphertext(group.product(List.of(pads)), group.product(List.of(datas)));
  }
}
