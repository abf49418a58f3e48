package org.evote.voterclient;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.testing.Workloads;

/** P-256 elections with one guardian whose key is fixed, and their definitions as a node serves them. */
final class TestElections {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Group GROUP = Groups.p256();
  static final RecordCodec CODEC = new RecordCodec(GROUP);

  private TestElections() {}

  static Workloads.SingleGuardian setup(Manifest manifest) {
    SecretScalar s = SecretScalar.of(GROUP.scalar(new BigInteger("31415926535897932384626433832795028841971")));
    return Workloads.singleGuardian(GROUP, manifest, s, new SecureRandom());
  }

  /** GET /api/elections/{id}'s body for an election. */
  static ObjectNode definition(Manifest manifest, Workloads.SingleGuardian setup, String status) throws Exception {
    ObjectNode d = JSON.createObjectNode();
    d.set("constants", JSON.readTree(RecordCodec.writeConstants(GROUP.constants())));
    d.put("manifest_base64", Base64.getEncoder().encodeToString(manifest.bytes()));
    d.set("election_config", JSON.readTree(CODEC.writeConfig(setup.config())));
    d.set("election_initialized", JSON.readTree(CODEC.writeInitialized(setup.initialized())));
    d.put("idp_public_key", "unused-here");
    d.put("election_id", setup.initialized().extendedBaseHash().toHex());
    d.put("status", status);
    d.putObject("node_keys");
    return d;
  }

  /**
   * A manifest unlike the workloads: two districts and two styles; an n-of-m contest (limit 2 of
   * 5), a cumulative contest (option limit 2, contest limit 3) and a referendum with non-ASCII
   * names, with sequence orders that are not the list order.
   */
  static Manifest mixed() {
    List<Manifest.Candidate> cands = new ArrayList<>();
    List<Manifest.Selection> council = new ArrayList<>();
    for (int i = 5; i >= 1; i--) {
      cands.add(new Manifest.Candidate("council-" + i, "Candidat·e " + i, i % 2 == 0 ? "party-a" : null, false));
      council.add(new Manifest.Selection("council-sel-" + i, 10 + i, "council-" + i));
    }
    List<Manifest.Selection> budget = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      cands.add(new Manifest.Candidate("project-" + i, "Projet n°" + i, null, false));
      budget.add(new Manifest.Selection("budget-sel-" + i, i, "project-" + i));
    }
    cands.add(new Manifest.Candidate("yes", "Oui / Yes", null, false));
    cands.add(new Manifest.Candidate("no", "Non / No", null, false));
    List<Manifest.Contest> contests = List.of(
        new Manifest.Contest("council", 7, "north", "n_of_m", 2, 2, "Conseil municipal", council, null, null, 1),
        new Manifest.Contest("budget", 3, "north", "cumulative", 1, 3, "Budget participatif", budget, null, null, 2),
        new Manifest.Contest("referendum", 5, "county", "one_of_m", 1, 1, "Référendum « été »",
            List.of(new Manifest.Selection("ref-yes", 1, "yes"), new Manifest.Selection("ref-no", 2, "no")), null, null, 1));
    return RecordCodec.newManifest("mixed-2025", "v2.0.0", "general",
        List.of(new Manifest.GeopoliticalUnit("north", "North", "district"), new Manifest.GeopoliticalUnit("county", "County", "county")),
        List.of(new Manifest.Party("party-a", "Parti A")), cands,
        List.of(new Manifest.BallotStyle("north-ballot", List.of("north", "county"), List.of()),
            new Manifest.BallotStyle("county-ballot", List.of("county"), List.of())),
        contests);
  }
}
