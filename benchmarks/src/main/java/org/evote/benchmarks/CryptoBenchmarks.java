package org.evote.benchmarks;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.evote.crypto.election.BallotEncryptor;
import org.evote.crypto.election.BallotValidation;
import org.evote.crypto.election.BallotValidator;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.election.PlaintextBallot;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.testing.Workloads;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-thread cost of encrypting and validating W1 and W2 ballots on both groups, and the unit
 * of comparison: one raw Bouncy Castle P-256 variable-base scalar multiplication on a point that
 * carries no precomputation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class CryptoBenchmarks {

  /** A fixed election and pre-encrypted ballots for one group and workload. */
  @State(Scope.Benchmark)
  public static class Election {
    @Param({"P-256", "Integer4096"})
    public String group;

    @Param({"W1", "W2"})
    public String workload;

    BallotEncryptor encryptor;
    BallotValidator validator;
    PlaintextBallot[] plaintexts;
    byte[][] ballotJson;
    org.evote.crypto.record.RecordCodec codec;
    SecureRandom random;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      Group g = Groups.byName(group);
      random = new SecureRandom();
      Manifest manifest = "W1".equals(workload) ? Workloads.w1() : Workloads.w2();
      Workloads.SingleGuardian setup =
          Workloads.singleGuardian(g, manifest, SecretScalar.of(g.randomScalar(random)), random);
      encryptor = new BallotEncryptor(setup.election());
      validator = new BallotValidator(setup.election());
      Random choices = new Random(42);
      codec = new org.evote.crypto.record.RecordCodec(g);
      plaintexts = new PlaintextBallot[16];
      ballotJson = new byte[16][];
      for (int i = 0; i < plaintexts.length; i++) {
        plaintexts[i] = Workloads.randomBallot(manifest, Workloads.STYLE, "b" + i, choices);
        ballotJson[i] = codec.writeEncryptedBallot(
            encryptor.encrypt(plaintexts[i], BallotNonce.random(random), ByteString.EMPTY, "bench", 0));
      }
    }
  }

  @Benchmark
  public EncryptedBallot encrypt(Election e) {
    int i = (e.next++) & 15;
    return e.encryptor.encrypt(e.plaintexts[i], BallotNonce.random(e.random), ByteString.EMPTY, "bench", 0);
  }

  /**
   * Full validation of a ballot as a server or verifier receives it: decoded from its JSON bytes
   * (every point checked) and then every proof and hash. Decoding fresh points each time also
   * keeps Bouncy Castle from reusing precomputations cached on the points of earlier runs.
   */
  @Benchmark
  public BallotValidation validate(Election e) {
    int i = (e.next++) & 15;
    EncryptedBallot b = e.codec.parseEncryptedBallot(e.ballotJson[i], "bench").orElseThrow();
    BallotValidation v = e.validator.validate(b);
    if (!v.isValid()) {
      throw new IllegalStateException(v.summary());
    }
    return v;
  }

  /**
   * The verifier's way: the 16 ballots decoded from JSON and validated together, their proofs'
   * commitments in one batch (BallotValidator.validateAll). One operation is 16 ballots.
   */
  @Benchmark
  public java.util.List<BallotValidation> validateBatchOf16(Election e) {
    java.util.List<EncryptedBallot> ballots = new java.util.ArrayList<>(16);
    for (byte[] json : e.ballotJson) {
      ballots.add(e.codec.parseEncryptedBallot(json, "bench").orElseThrow());
    }
    java.util.List<BallotValidation> vs = e.validator.validateAll(ballots);
    for (BallotValidation v : vs) {
      if (!v.isValid()) {
        throw new IllegalStateException(v.summary());
      }
    }
    return vs;
  }

  /** Fresh P-256 points with no precomputation, and random 256-bit scalars. */
  @State(Scope.Thread)
  public static class Unit {
    BigInteger[] xs = new BigInteger[64];
    BigInteger[] ys = new BigInteger[64];
    BigInteger[] ks = new BigInteger[64];
    org.bouncycastle.math.ec.ECCurve curve;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      X9ECParameters p = CustomNamedCurves.getByName("P-256");
      curve = p.getCurve();
      SecureRandom r = new SecureRandom();
      for (int i = 0; i < 64; i++) {
        ECPoint pt = p.getG().multiply(new BigInteger(255, r)).normalize();
        xs[i] = pt.getAffineXCoord().toBigInteger();
        ys[i] = pt.getAffineYCoord().toBigInteger();
        ks[i] = new BigInteger(256, r).mod(p.getN());
      }
    }
  }

  /** The unit: one Bouncy Castle variable-base multiplication k·P on a fresh point. */
  @Benchmark
  public ECPoint unitBcP256ScalarMultiplication(Unit u) {
    int i = (u.next++) & 63;
    return u.curve.createPoint(u.xs[i], u.ys[i]).multiply(u.ks[i]);
  }
}
