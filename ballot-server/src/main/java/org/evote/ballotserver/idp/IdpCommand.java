package org.evote.ballotserver.idp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import org.evote.crypto.casting.EcKeys;
import org.evote.ballotserver.auth.TokenIssuer;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.StrictJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evote idp}: the development identity provider. It makes its signing key, issues voter
 * credentials (a key pair and a token binding it) from a voter roll, and officials' tokens. A
 * real election plugs in its own identity provider instead: the server only needs that
 * provider's P-256 public key and tokens with the same claims.
 */
@Command(name = "idp", mixinStandardHelpOptions = true, description = "Development identity provider.",
    subcommands = {IdpCommand.Keygen.class, IdpCommand.Issue.class, IdpCommand.Official.class, IdpCommand.PublicKeyCmd.class})
public final class IdpCommand implements Callable<Integer> {
  static final ObjectMapper JSON = StrictJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public Integer call() {
    System.err.println("idp: give a subcommand: keygen, issue, official or public-key (see --help)");
    return 2;
  }

  static KeyPair load(Path key) throws java.io.IOException {
    if (!Files.exists(key)) {
      throw new java.io.IOException("key file " + key + " does not exist (make it with: evote idp keygen --key " + key + ")");
    }
    return EcKeys.loadOrCreate(key);
  }

  @Command(name = "keygen", mixinStandardHelpOptions = true, description = "Make the identity provider's P-256 signing key.")
  static final class Keygen implements Callable<Integer> {
    @Option(names = "--key", required = true, description = "Where to write the key pair.")
    Path key;

    @Override
    public Integer call() throws Exception {
      if (Files.exists(key)) {
        System.err.println("idp keygen: " + key + " already exists; not overwriting it");
        return 1;
      }
      KeyPair kp = EcKeys.loadOrCreate(key);
      System.out.println(EcKeys.publicKeyBase64(kp.getPublic()));
      return 0;
    }
  }

  @Command(name = "public-key", mixinStandardHelpOptions = true, description = "Print the provider's public key (base64).")
  static final class PublicKeyCmd implements Callable<Integer> {
    @Option(names = "--key", required = true)
    Path key;

    @Override
    public Integer call() {
      try {
        System.out.println(EcKeys.publicKeyBase64(load(key).getPublic()));
        return 0;
      } catch (java.io.IOException e) {
        System.err.println("idp public-key: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "issue", mixinStandardHelpOptions = true,
      description = "Issue voter credentials from a roll CSV with lines 'voter_id,ballot_style'.")
  static final class Issue implements Callable<Integer> {
    @Option(names = "--key", required = true, description = "The provider's key.")
    Path key;

    @Option(names = "--election", required = true, description = "The election id (H_E in hex).")
    String election;

    @Option(names = "--roll", required = true, description = "Voter roll CSV: voter_id,ballot_style per line.")
    Path roll;

    @Option(names = "--out", required = true, description = "Folder for one credentials file per voter.")
    Path out;

    @Option(names = "--manifest", required = true, paramLabel = "FILE",
        description = "The election's manifest (the record's manifest.json): every ballot style of the roll must be one of its styles.")
    Path manifest;

    @Option(names = "--days", defaultValue = "7", description = "Token lifetime in days, at least 1 (default ${DEFAULT-VALUE}).")
    int days;

    @Override
    public Integer call() throws Exception {
      if (!election.matches("[0-9a-f]{64}")) {
        System.err.println("idp issue: --election must be the election id, 64 lower-case hex digits");
        return 2;
      }
      if (days <= 0) {
        System.err.println("idp issue: --days must be a positive number of days, got " + days);
        return 2;
      }
      KeyPair idp;
      List<String> lines;
      java.util.Set<String> styles;
      try {
        idp = load(key);
        lines = Files.readAllLines(roll, StandardCharsets.UTF_8);
        styles = styles(manifest);
      } catch (java.io.IOException | IllegalArgumentException e) {
        System.err.println("idp issue: " + e.getMessage());
        return 1;
      }
      // Every line is checked before any credentials file is written: a bad roll writes nothing.
      java.util.Map<String, String> voters = new java.util.LinkedHashMap<>();
      List<String> problems = new java.util.ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).trim();
        if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.replace(" ", "").equalsIgnoreCase("voter_id,ballot_style"))) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (f.length != 2 || ElectionRecordFiles.fileNameProblem(f[0].trim()).isPresent()) {
          problems.add("line " + (i + 1) + " of " + roll + " is not 'voter_id,ballot_style' with a plain voter id");
          continue;
        }
        String voter = f[0].trim();
        String style = f[1].trim();
        if (!styles.contains(style)) {
          problems.add("line " + (i + 1) + " of " + roll + ": unknown ballot style '" + style + "'; the manifest's styles are "
              + new java.util.TreeSet<>(styles));
        } else if (voters.putIfAbsent(voter, style) != null) {
          problems.add("line " + (i + 1) + " of " + roll + ": voter '" + voter + "' is already on the roll");
        }
      }
      if (!problems.isEmpty()) {
        problems.forEach(p -> System.err.println("idp issue: " + p));
        System.err.println("idp issue: no credentials written; correct the roll and run again");
        return 2;
      }
      TokenIssuer issuer = new TokenIssuer(idp, "evote-dev-idp");
      Files.createDirectories(out);
      Instant expiry = Instant.now().plus(Duration.ofDays(days));
      for (var v : voters.entrySet()) {
        ObjectNode c = credentials(issuer, v.getKey(), election, v.getValue(), expiry);
        // it holds the voter's private key: readable by its owner only, as the node's keys are
        EcKeys.writeOwnerOnly(out.resolve(v.getKey() + ".json"), JSON.writeValueAsBytes(c));
      }
      System.out.println("issued credentials for " + voters.size() + " voters in " + out);
      return 0;
    }

    /** The ballot style ids of a manifest file. */
    static java.util.Set<String> styles(Path manifest) throws java.io.IOException {
      if (!Files.isRegularFile(manifest)) {
        throw new java.io.IOException("the manifest " + manifest + " does not exist");
      }
      var parsed = org.evote.crypto.record.RecordCodec.parseManifestJson(Files.readAllBytes(manifest), manifest.toString());
      if (!parsed.isOk()) {
        throw new IllegalArgumentException("the manifest cannot be read: " + parsed.problem());
      }
      java.util.Set<String> ids = new java.util.HashSet<>();
      parsed.value().ballotStyles().forEach(st -> ids.add(st.styleId()));
      return ids;
    }
  }

  /** A voter's credentials file: their id, election, style, token and key pair. */
  public static ObjectNode credentials(TokenIssuer issuer, String voter, String election, String style, Instant expiry) {
    KeyPair vk = EcKeys.generate();
    String token = issuer.voterToken(voter, election, style, (ECPublicKey) vk.getPublic(), expiry);
    ObjectNode c = JSON.createObjectNode();
    c.put("voter_id", voter);
    c.put("election_id", election);
    c.put("ballot_style", style);
    c.put("token", token);
    c.put("private_key", Base64.getEncoder().encodeToString(vk.getPrivate().getEncoded()));
    c.put("public_key", EcKeys.publicKeyBase64(vk.getPublic()));
    return c;
  }

  @Command(name = "official", mixinStandardHelpOptions = true,
      description = "Print an official's signed request: a token for one election and one action "
          + "(create, open, close, in_person with --voter, export). It goes into the record with the change it asks for.")
  static final class Official implements Callable<Integer> {
    @Option(names = "--key", required = true, description = "The provider's (or node's development officials) key.")
    Path key;

    @Option(names = "--id", defaultValue = "official", description = "The official's id (default ${DEFAULT-VALUE}).")
    String id;

    @Option(names = "--election", required = true, description = "The election id (its H_E in hex).")
    String election;

    @Option(names = "--action", required = true, description = "One of: create, open, close, in_person, export, results.")
    String action;

    @Option(names = "--voter", description = "The voter of an in-person vote (with --action in_person).")
    String voter;

    @Option(names = "--body", paramLabel = "FILE",
        description = "The body the request signs, by its SHA-256 (with --action results: the results to publish).")
    java.nio.file.Path body;

    @Option(names = "--minutes", defaultValue = "15", description = "Lifetime in minutes (default ${DEFAULT-VALUE}).")
    int minutes;

    @Override
    public Integer call() {
      if (!org.evote.ballotserver.auth.TokenVerifier.ACTIONS.contains(action)) {
        System.err.println("idp official: --action must be one of " + new java.util.TreeSet<>(org.evote.ballotserver.auth.TokenVerifier.ACTIONS));
        return 2;
      }
      if ("in_person".equals(action) != (voter != null)) {
        System.err.println("idp official: --voter goes with --action in_person, and only with it");
        return 2;
      }
      if (minutes <= 0) {
        System.err.println("idp official: --minutes must be positive");
        return 2;
      }
      if ("results".equals(action) != (body != null)) {
        System.err.println("idp official: --body goes with --action results, and only with it");
        return 2;
      }
      try {
        TokenIssuer issuer = new TokenIssuer(load(key), "evote-dev-idp");
        String sha = body == null ? null : java.util.HexFormat.of().formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(java.nio.file.Files.readAllBytes(body)));
        System.out.println(issuer.officialToken(id, election, action, voter, sha, Instant.now().plus(Duration.ofMinutes(minutes))));
        return 0;
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      } catch (java.io.IOException e) {
        System.err.println("idp official: " + e.getMessage());
        return 1;
      }
    }
  }
}
