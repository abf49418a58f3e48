package org.evote.crypto.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.evote.crypto.election.BallotChain;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;

/**
 * A device's {@code ballot_chain.json}. egk-ec (kotlinx) writes baux0 as a JSON array of signed
 * byte values; election_base_hash holds H_E; closing_hash and metadata are optional.
 */
final class BallotChainJson {
  private BallotChainJson() {}

  static Parsed<BallotChain> parse(byte[] json, String source) {
    return JsonIn.parse(json, source, in -> {
      String device = in.field("encrypting_device").string();
      List<Byte> baux = in.field("baux0").list(JsonIn::signedByte);
      byte[] baux0 = new byte[baux.size()];
      for (int i = 0; i < baux0.length; i++) {
        baux0[i] = baux.get(i);
      }
      UInt256 he = in.field("election_base_hash").uint256();
      List<String> ids = in.field("ballot_ids").stringList();
      UInt256 last = in.field("last_confirmation_code").uint256();
      JsonIn closingIn = in.optField("closing_hash");
      UInt256 closing = closingIn == null ? null : closingIn.uint256();
      return new BallotChain(device, ByteString.of(baux0), he, ids, last, closing, in.metadata());
    });
  }

  /** A null closing hash is omitted. */
  static byte[] write(BallotChain c) {
    Objects.requireNonNull(c.extendedBaseHash(), "extendedBaseHash");
    Objects.requireNonNull(c.lastConfirmationCode(), "lastConfirmationCode");
    List<Byte> baux0 = new ArrayList<>();
    for (byte b : c.baux0().bytes()) {
      baux0.add(b);
    }
    return JsonOut.document(out -> {
      out.string("encrypting_device", c.encryptingDevice());
      out.values("baux0", baux0, out::value);
      out.uint256("election_base_hash", c.extendedBaseHash());
      out.strings("ballot_ids", c.ballotIds());
      out.uint256("last_confirmation_code", c.lastConfirmationCode());
      if (c.closingHash() != null) {
        out.uint256("closing_hash", c.closingHash());
      }
      out.metadata(c.metadata());
    });
  }
}
