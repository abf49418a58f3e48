package org.evote.benchmarks;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.FixedBase;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.secret.SecretScalar;

/**
 * A dudect-style statistical timing check (Reparaz, Balasch and Verbauwhede, "Dude, is my code
 * constant time?", 2017) of the exponentiations: for each operation, many calls with one fixed
 * secret (class 0) are interleaved at random with calls on fresh random secrets (class 1), each
 * call timed with {@link System#nanoTime}, and Welch's t-statistic compares the two classes,
 * on all samples and on the samples below several percentiles (which drops interrupts and GC
 * pauses). |t| above 4.5 is evidence of a difference; the fast variable-time paths are measured
 * too, as a positive control that the check can see a leak on this machine.
 *
 * <p>Not a test: it runs for minutes, depends on the machine and can only find evidence of a
 * leak, never prove its absence. Run it with {@code ./evote timing [samples [name prefix]]}, such as
 * {@code ./evote timing 20000 P-256}.
 */
public final class TimingLeakCheck {
  private TimingLeakCheck() {}

  /** Percentiles at which the samples are cropped, as in dudect. */
  private static final double[] CROPS = {1.0, 0.99, 0.9, 0.75, 0.5};

  /** One operation under test, given a secret exponent. */
  private record Target(String name, Group group, Function<Scalar, Element> op) {}

  /** Runs the check; args: samples per class (default 20,000), a prefix of the targets' names. */
  public static int run(String[] args) {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    String only = args.length > 1 ? args[1] : "";
    SecureRandom random = new SecureRandom();
    Group ec = Groups.p256();
    Group integer = Groups.integer4096();
    Element k = ec.gExp(ec.randomScalar(random));
    FixedBase kTable = ec.fixedBase(k);
    Element pad = ec.gExp(ec.randomScalar(random));
    Element intBase = integer.gExp(integer.randomScalar(random));
    List<Target> targets = List.of(
        new Target("P-256 g^e, secret path (gExp(SecretScalar))", ec, e -> ec.gExp(SecretScalar.of(e))),
        new Target("P-256 K^e, secret fixed-base path", ec, e -> kTable.exp(SecretScalar.of(e))),
        new Target("P-256 A^e, secret variable-base path", ec, e -> ec.exp(pad, SecretScalar.of(e))),
        new Target("P-256 g^e, public path (gExp(Scalar)), control", ec, ec::gExp),
        new Target("P-256 A^e, public path (Bouncy Castle wNAF), control", ec, e -> ec.exp(pad, e)),
        new Target("Integer4096 x^e, secret path", integer, e -> integer.exp(intBase, SecretScalar.of(e))),
        new Target("Integer4096 x^e, public path (modPow), control", integer, e -> integer.exp(intBase, e)));
    System.out.printf("dudect-style check: %d samples per target and fixed class, %s, %d cores%n",
        samples, System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors());
    System.out.println("fixed class 'sparse': 2^(bits-2) + 1, full length, two non-zero 4-bit windows; "
        + "'small': 1 (a short BigInteger)");
    System.out.println("| operation | fixed class | max abs t | t per crop (100%, 99%, 90%, 75%, 50%) | "
        + "median ns fixed / random |");
    System.out.println("|---|---|---|---|---|");
    for (Target t : targets) {
      if (!t.name().startsWith(only)) {
        continue;
      }
      BigInteger q = t.group().order();
      int n = t.group() == integer ? Math.max(200, samples / 40) : samples;
      for (String fixedName : List.of("sparse", "small")) {
        BigInteger fixed = fixedName.equals("sparse")
            ? BigInteger.ONE.shiftLeft(q.bitLength() - 2).add(BigInteger.ONE) : BigInteger.ONE;
        Result r = measure(t, t.group().scalar(fixed), n, random);
        System.out.printf("| %s | %s (n=%d) | **%.1f** | %s | %d / %d |%n", t.name(), fixedName, n, r.maxAbsT(),
            Arrays.toString(Arrays.stream(r.t()).map(x -> Math.round(x * 10) / 10.0).toArray()),
            r.medianFixed(), r.medianRandom());
      }
    }
    return 0;
  }

  private record Result(double[] t, long medianFixed, long medianRandom) {
    double maxAbsT() {
      double m = 0;
      for (double x : t) {
        if (!Double.isNaN(x)) { // NaN: a crop left one class empty
          m = Math.max(m, Math.abs(x));
        }
      }
      return m;
    }
  }

  private static Result measure(Target target, Scalar fixed, int n, SecureRandom random) {
    Group g = target.group();
    // warm up both classes so that the JIT has compiled what it will
    for (int i = 0; i < Math.min(n, 10_000); i++) {
      target.op().apply(i % 2 == 0 ? fixed : g.randomScalar(random));
    }
    int total = 2 * n;
    boolean[] cls = new boolean[total];
    for (int i = 0; i < n; i++) {
      cls[i] = true;
    }
    for (int i = total - 1; i > 0; i--) { // random interleaving
      int j = random.nextInt(i + 1);
      boolean tmp = cls[i];
      cls[i] = cls[j];
      cls[j] = tmp;
    }
    // inputs prepared before timing, so that only the operation is measured
    Scalar[] inputs = new Scalar[total];
    for (int i = 0; i < total; i++) {
      inputs[i] = cls[i] ? g.randomScalar(random) : fixed;
    }
    long[] times = new long[total];
    Element sink = null;
    for (int i = 0; i < total; i++) {
      long t0 = System.nanoTime();
      sink = target.op().apply(inputs[i]);
      times[i] = System.nanoTime() - t0;
    }
    if (sink == null) {
      throw new IllegalStateException("no result");
    }
    long[] sorted = times.clone();
    Arrays.sort(sorted);
    double[] t = new double[CROPS.length];
    for (int c = 0; c < CROPS.length; c++) {
      long limit = sorted[Math.min(total - 1, (int) Math.ceil(CROPS[c] * total) - 1)];
      Welch w0 = new Welch();
      Welch w1 = new Welch();
      for (int i = 0; i < total; i++) {
        if (times[i] <= limit) {
          (cls[i] ? w1 : w0).add(times[i]);
        }
      }
      t[c] = Welch.t(w0, w1);
    }
    return new Result(t, median(times, cls, false), median(times, cls, true));
  }

  private static long median(long[] times, boolean[] cls, boolean which) {
    List<Long> xs = new ArrayList<>();
    for (int i = 0; i < times.length; i++) {
      if (cls[i] == which) {
        xs.add(times[i]);
      }
    }
    xs.sort(null);
    return xs.get(xs.size() / 2);
  }

  /** Running mean and variance (Welford). */
  private static final class Welch {
    long n;
    double mean;
    double m2;

    void add(double x) {
      n++;
      double d = x - mean;
      mean += d / n;
      m2 += d * (x - mean);
    }

    double variance() {
      return n > 1 ? m2 / (n - 1) : 0;
    }

    static double t(Welch a, Welch b) {
      double se = Math.sqrt(a.variance() / a.n + b.variance() / b.n);
      if (a.n < 2 || b.n < 2) {
        return Double.NaN;
      }
      return se == 0 ? 0 : (a.mean - b.mean) / se;
    }
  }
}
