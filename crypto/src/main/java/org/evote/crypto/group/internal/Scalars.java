package org.evote.crypto.group.internal;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.InvalidElementException;
import org.evote.crypto.group.Scalar;

/** Scalar decoding and sampling shared by the group implementations. */
final class Scalars {
  private Scalars() {}

  static Scalar decode(Group group, byte[] encoded) throws InvalidElementException {
    if (encoded == null) {
      throw new InvalidElementException("scalar is missing");
    }
    if (encoded.length != group.scalarByteLength()) {
      throw new InvalidElementException(
          "a scalar is " + group.scalarByteLength() + " bytes, got " + encoded.length);
    }
    BigInteger v = new BigInteger(1, encoded);
    if (v.compareTo(group.order()) >= 0) {
      throw new InvalidElementException("scalar is not less than q");
    }
    return group.scalar(v);
  }

  static Scalar random(Group group, SecureRandom random) {
    int bits = group.order().bitLength();
    while (true) {
      BigInteger v = new BigInteger(bits, random);
      if (v.signum() > 0 && v.compareTo(group.order()) < 0) {
        return group.scalar(v);
      }
    }
  }
}
