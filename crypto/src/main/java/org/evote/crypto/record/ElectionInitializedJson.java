package org.evote.crypto.record;

import java.util.List;
import org.evote.crypto.election.ElectionInitialized;
import org.evote.crypto.election.GuardianRecord;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.SchnorrProof;

/** {@code election_initialized.json}: the joint key, H_E and each guardian's coefficient proofs. */
final class ElectionInitializedJson {
  private ElectionInitializedJson() {}

  static Parsed<ElectionInitialized> parse(byte[] json, String source, Group group) {
    return JsonIn.parse(json, source, in -> {
      Element k = in.field("joint_public_key").element(group);
      UInt256 he = in.field("extended_base_hash").uint256();
      List<GuardianRecord> guardians = in.field("guardians").list(gi -> {
        String id = gi.field("guardian_id").string();
        int x = gi.field("x_coordinate").intAtLeast(1);
        JsonIn proofsIn = gi.field("coefficient_proofs");
        List<SchnorrProof> proofs = proofsIn.list(p -> new SchnorrProof(
            p.field("public_key").element(group), p.field("challenge").scalar(group), p.field("response").scalar(group)));
        if (proofs.isEmpty()) {
          throw proofsIn.bad("a guardian needs at least one coefficient proof");
        }
        return new GuardianRecord(id, x, proofs);
      });
      return new ElectionInitialized(k, he, guardians, in.metadata());
    });
  }

  static byte[] write(ElectionInitialized init, Group group) {
    return JsonOut.document(group, out -> {
      out.element("joint_public_key", init.jointPublicKey());
      out.uint256("extended_base_hash", init.extendedBaseHash());
      out.objects("guardians", init.guardians(), gr -> {
        out.string("guardian_id", gr.guardianId());
        out.number("x_coordinate", gr.xCoordinate());
        out.objects("coefficient_proofs", gr.coefficientProofs(), p -> {
          out.element("public_key", p.publicKey());
          out.scalar("challenge", p.challenge());
          out.scalar("response", p.response());
        });
      });
      out.metadata(init.metadata());
    });
  }
}
