package org.evote.crypto.proof;

import org.evote.crypto.group.Element;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.util.Require;

/**
 * A guardian's Schnorr proof of knowledge of a polynomial coefficient a_{i,j}, published with its
 * commitment K_{i,j} = g^{a_{i,j}} (spec §3.2.2, eq. 10-12).
 *
 * @param publicKey the commitment K_{i,j}
 * @param challenge c_{i,j}
 * @param response v_{i,j}
 */
public record SchnorrProof(Element publicKey, Scalar challenge, Scalar response) {
  public SchnorrProof {
    Require.nonNull("publicKey", publicKey, "challenge", challenge, "response", response);
  }
}
