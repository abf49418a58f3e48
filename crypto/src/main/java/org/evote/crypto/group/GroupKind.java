package org.evote.crypto.group;

/** The two kinds of group an ElectionGuard record can name, as egk-ec spells them. */
public enum GroupKind {
  /** The order-q subgroup of Z_p^* (spec §3.1). */
  IntegerGroup,
  /** A prime-order elliptic curve group. */
  EllipticCurve
}
