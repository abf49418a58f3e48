package org.evote.crypto.record;

import java.util.List;
import org.evote.crypto.election.PlaintextBallot;

/** {@code pballot-*.json}: a plaintext ballot. */
final class PlaintextBallotJson {
  private PlaintextBallotJson() {}

  /** egk-ec's optional {@code sn} (a non-negative 64-bit integer) is kept; {@code errors} (a string) is checked but not kept. */
  static Parsed<PlaintextBallot> parse(byte[] json, String source) {
    return JsonIn.parse(json, source, in -> {
      String id = in.field("ballot_id").string();
      String style = in.field("ballot_style").string();
      List<PlaintextBallot.Contest> contests = in.field("contests").list(c -> new PlaintextBallot.Contest(
          c.field("contest_id").string(),
          c.field("sequence_order").nonNegativeInt(),
          c.field("selections").list(s -> new PlaintextBallot.Selection(
              s.field("selection_id").string(),
              s.field("sequence_order").nonNegativeInt(),
              s.field("vote").nonNegativeInt())),
          c.field("write_ins").stringList()));
      JsonIn sn = in.optField("sn");
      if (sn != null && !(sn.node().isIntegralNumber() && sn.node().canConvertToLong() && sn.node().longValue() >= 0)) {
        throw sn.bad("expected a non-negative 64-bit integer, got " + JsonIn.describe(sn.node()));
      }
      in.optString("errors");
      return new PlaintextBallot(id, style, contests, sn == null ? null : sn.node().longValue());
    });
  }

  /** With {@code sn} when the ballot has one. */
  static byte[] write(PlaintextBallot b) {
    return JsonOut.document(out -> {
      out.string("ballot_id", b.ballotId());
      out.string("ballot_style", b.ballotStyle());
      out.objects("contests", b.contests(), c -> {
        out.string("contest_id", c.contestId());
        out.number("sequence_order", c.sequenceOrder());
        out.objects("selections", c.selections(), s -> {
          out.string("selection_id", s.selectionId());
          out.number("sequence_order", s.sequenceOrder());
          out.number("vote", s.vote());
        });
        out.strings("write_ins", c.writeIns());
      });
      if (b.sn() != null) {
        out.number("sn", b.sn());
      }
    });
  }
}
