package org.evote.crypto.group;

import org.evote.crypto.group.internal.IntegerElement;
import org.evote.crypto.group.internal.P256Element;
import org.evote.crypto.secret.SecretScalar;

/**
 * An element of a {@link Group}. Implementations are immutable, and every instance is a valid
 * member of its group: elements from untrusted bytes come only from {@link
 * Group#decodeElement}. The interface is sealed: only the groups of this module make elements.
 *
 * <p>The convenience methods delegate to the group, which checks that operands match.
 */
public sealed interface Element permits IntegerElement, P256Element {

  /** The group this element belongs to. */
  Group group();

  /** Whether this is the identity element. */
  boolean isIdentity();

  /** The canonical encoding (spec §5.1.1). */
  default byte[] encode() {
    return group().encode(this);
  }

  /** this · other. */
  default Element multiply(Element other) {
    return group().multiply(this, other);
  }

  /** this · other^-1. */
  default Element divide(Element other) {
    return group().divide(this, other);
  }

  /** this^e for a public exponent (variable-time). */
  default Element exp(Scalar e) {
    return group().exp(this, e);
  }

  /** this^e for a secret exponent (constant-time, see {@link Group#exp(Element, SecretScalar)}). */
  default Element exp(SecretScalar e) {
    return group().exp(this, e);
  }
}
