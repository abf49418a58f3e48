package org.evote.demo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.secret.SecretScalar;

/**
 * The layering of evote's modules, checked on their production classes. It lives here because
 * the demo module has every other module on its test class path; there the crypto module's
 * descriptor is not enforced, so these rules state what it would. The ballot server's own
 * packages keep no cycle between them.
 */
@AnalyzeClasses(
    packages = "org.evote",
    importOptions = {ImportOption.DoNotIncludeTests.class, LayeringTest.NoTestJars.class})
class LayeringTest {

  /** Leaves out the test jars (crypto's TinyGroup and conformance helpers) that other modules' tests use. */
  static final class NoTestJars implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar");
    }
  }

  @ArchTest
  static final ArchRule verifierReachesOnlyCrypto = classes()
      .that().resideInAPackage("org.evote.verifier..")
      .should().onlyDependOnClassesThat().resideInAnyPackage(
          "org.evote.verifier..", "org.evote.crypto..",
          "java..", "com.fasterxml.jackson..", "picocli..", "me.tongfei.progressbar..")
      .because("an auditor's verifier shares only the ElectionGuard primitives and record codec with the system it checks");

  @ArchTest
  static final ArchRule cryptoNeverReachesTheServer = noClasses()
      .that().resideInAPackage("org.evote.crypto..")
      .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "com.hazelcast..")
      .because("the primitives run in the verifier, the clients and the guardians, none of which is a server");

  @ArchTest
  static final ArchRule groupInternalStaysInCrypto = noClasses()
      .that().resideOutsideOfPackage("org.evote.crypto..")
      .should().dependOnClassesThat().resideInAPackage("org.evote.crypto.group.internal..")
      .because("the group implementations are reached through Group, Element and Groups");

  /** Today's classes that unwrap a SecretScalar; a new one is a decision to review, not a default. */
  static final Set<String> SECRET_SCALAR_UNWRAPPERS = Set.of(
      // the constant-time exponentiation itself
      "org.evote.crypto.group.internal.IntegerGroup",
      "org.evote.crypto.group.internal.P256FixedBase",
      // scalar arithmetic on secrets (responses v = u - c·s, Lagrange-weighted shares, sums)
      "org.evote.crypto.proof.DerivedNonces",
      "org.evote.crypto.proof.RangeProofs",
      "org.evote.crypto.proof.SchnorrProofs",
      "org.evote.tally.decrypt.DecryptingShare",
      "org.evote.tally.keyceremony.KeyCeremonyGuardian",
      "org.evote.tally.keyceremony.SecretPolynomial",
      "org.evote.tally.keyceremony.ShareEncryption",
      // encrypted or revealed on purpose
      "org.evote.crypto.record.TrusteeJson",
      "org.evote.tally.guardian.GuardianStateCodec");

  /** Today's classes that unwrap a BallotNonce. */
  static final Set<String> BALLOT_NONCE_UNWRAPPERS = Set.of(
      "org.evote.crypto.election.BallotEncryptor",
      // the pre-encrypted ballots' encrypting and recording tools (spec §4.2, §4.3)
      "org.evote.crypto.election.PreEncryptor",
      "org.evote.crypto.election.PreEncryptedRecorder",
      "org.evote.voterclient.NonceDecryption",
      "org.evote.voterclient.cli.VoteCommand");

  @ArchTest
  static final ArchRule onlyNamedClassesUnwrapASecretScalar = noClasses()
      .that(areNoneOf(SECRET_SCALAR_UNWRAPPERS))
      .should().callMethod(SecretScalar.class, "unwrapSecret");

  @ArchTest
  static final ArchRule onlyNamedClassesUnwrapABallotNonce = noClasses()
      .that(areNoneOf(BALLOT_NONCE_UNWRAPPERS))
      .should().callMethod(BallotNonce.class, "unwrapSecret");

  @ArchTest
  static final ArchRule noBouncyCastleInCryptoApi = members()
      .that(arePublicApiOfCrypto(Set.of()))
      .should(notMention("org.bouncycastle."))
      .because("Bouncy Castle types never appear in a public signature (STYLE.md, Layout)");

  /**
   * Left out for now, as they still take and return Jackson trees: the record codecs and {@code
   * Receipts.signedBytes}, which the change that moves them off Jackson (issue 13) handles, and
   * {@code CastEnvelope}, whose callers (the voter client, the load generator, the ballot-server
   * tests that mutate envelopes) build on its {@code ObjectNode}.
   */
  @ArchTest
  static final ArchRule noJacksonInCryptoApi = members()
      .that(arePublicApiOfCrypto(Set.of(
          "org.evote.crypto.record", "org.evote.crypto.casting.Receipts", "org.evote.crypto.casting.CastEnvelope",
          "org.evote.crypto.casting.CastEnvelopeShape")))
      .should(notMention("com.fasterxml.jackson."))
      .because("the crypto API speaks in typed values, not JSON trees");

  /** Classes that are none of the named top-level classes, nor nested in one. */
  static DescribedPredicate<JavaClass> areNoneOf(Set<String> names) {
    return DescribedPredicate.describe("are none of " + new TreeSet<>(names),
        c -> !names.contains(c.getName().replaceFirst("\\$.*", "")));
  }

  /**
   * Public fields, constructors and methods of public classes in crypto's exported packages,
   * except those in the excluded packages or top-level classes.
   */
  static DescribedPredicate<JavaMember> arePublicApiOfCrypto(Set<String> excluded) {
    return DescribedPredicate.describe("are public API of crypto" + (excluded.isEmpty() ? "" : " outside " + excluded),
        m -> {
          JavaClass owner = m.getOwner();
          String topLevel = owner.getName().replaceFirst("\\$.*", "");
          return m.getModifiers().contains(JavaModifier.PUBLIC)
              && isVisible(owner)
              && owner.getPackageName().startsWith("org.evote.crypto")
              && !owner.getPackageName().startsWith("org.evote.crypto.group.internal")
              && !excluded.contains(owner.getPackageName())
              && !excluded.contains(topLevel);
        });
  }

  private static boolean isVisible(JavaClass c) {
    return c.getModifiers().contains(JavaModifier.PUBLIC)
        && c.getEnclosingClass().map(LayeringTest::isVisible).orElse(true);
  }

  /** A member whose signature (type, parameters, return type, generics, throws) names no class of the package. */
  static ArchCondition<JavaMember> notMention(String packagePrefix) {
    return new ArchCondition<>("not mention " + packagePrefix + "* in their signature") {
      @Override
      public void check(JavaMember m, ConditionEvents events) {
        List<JavaType> types = new ArrayList<>();
        if (m instanceof JavaField f) {
          types.add(f.getType());
        } else if (m instanceof JavaCodeUnit u) {
          types.add(u.getReturnType());
          types.addAll(u.getParameterTypes());
          types.addAll(u.getThrowsClause().getTypes());
        }
        for (JavaType t : types) {
          for (JavaClass raw : t.getAllInvolvedRawTypes()) {
            if (raw.getName().startsWith(packagePrefix)) {
              events.add(SimpleConditionEvent.violated(m, m.getFullName() + " mentions " + raw.getName()));
            }
          }
        }
      }
    };
  }

  @ArchTest
  static final ArchRule ballotServerPackagesHaveNoCycle = com.tngtech.archunit.library.dependencies.SlicesRuleDefinition
      .slices().matching("org.evote.ballotserver.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule httpLayerDoesNotKnowTheNode = noClasses()
      .that().resideInAPackage("org.evote.ballotserver.http..")
      .should().dependOnClassesThat().haveFullyQualifiedName("org.evote.ballotserver.BallotNode");
}
