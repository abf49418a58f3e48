package org.evote.ballotserver;

import org.evote.ballotserver.http.ServerLimits;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.evote.crypto.casting.CastEnvelopeShape;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a test (its name keeps it out of the default run; it asserts nothing):
 * the heap one node holds for stalled connections. It opens N connections that send a ballot's
 * request head and then almost the whole body the election allows, and N that send only part of
 * a request head, and prints the used heap after a full GC before and after each batch. The
 * figure includes this JVM's client sockets, so it is an upper bound for the node.
 *
 * <p>{@code ./mvnw -B -pl ballot-server -am verify -Dtest=StalledConnectionHeap
 * -Dsurefire.failIfNoSpecifiedTests=false -Devote.stalled=40}
 */
class StalledConnectionHeap {
  @Test
  void measure() throws Exception {
    int n = Integer.getInteger("evote.stalled", 40);
    Path dir = Files.createTempDirectory("evote-heap");
    TestElection e = new TestElection();
    // a long deadline, so that the connections stay open while they are measured
    ServerLimits limits = new ServerLimits(4 * n + 10, 4 * n + 10, 600, 600, 64);
    List<SSLSocket> sockets = new ArrayList<>();
    try (TestCluster c = new TestCluster(dir, 1, e, 0, 0, 2, limits)) {
      String ballots = c.createAndOpen(e) + "/ballots";
      long limit = new CastEnvelopeShape(e.manifest, e.group).maxEnvelopeBytes();
      // a first ballot, so that the node has loaded the election and everything is warm
      c.post(0, ballots, e.envelope(e.ballot("warm-1", 1, org.evote.crypto.election.BallotState.CAST),
          e.voter("warm")).toString(), null);
      long base = usedAfterGc();
      byte[] body = new byte[(int) (limit - 100)];
      java.util.Arrays.fill(body, (byte) ' ');
      for (int i = 0; i < n; i++) {
        SSLSocket s = connect(c, sockets);
        OutputStream out = s.getOutputStream();
        out.write(("POST " + ballots + " HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: "
            + limit + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
      }
      Thread.sleep(3000);
      long bodies = usedAfterGc();
      for (int i = 0; i < n; i++) {
        SSLSocket s = connect(c, sockets);
        s.getOutputStream().write(("POST " + ballots + " HTTP/1.1\r\nhost: 127.0.0.1\r\nx-slow: " + "a".repeat(4000))
            .getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
      }
      Thread.sleep(3000);
      long heads = usedAfterGc();
      System.out.printf("MEASURED ballot body limit of the W1 P-256 election: %d bytes%n", limit);
      System.out.printf("MEASURED %d stalled bodies of %d bytes: %.1f MB in all, %.1f KB per connection%n",
          n, body.length, (bodies - base) / 1e6, (bodies - base) / 1e3 / n);
      System.out.printf("MEASURED %d stalled heads of 4 KB: %.1f MB in all, %.1f KB per connection%n",
          n, (heads - bodies) / 1e6, (heads - bodies) / 1e3 / n);
    } finally {
      for (SSLSocket s : sockets) {
        s.close();
      }
    }
  }

  private javax.net.ssl.SSLSocketFactory factory;

  private SSLSocket connect(TestCluster c, List<SSLSocket> sockets) throws Exception {
    if (factory == null) {
      factory = c.sslContext().getSocketFactory();
    }
    SSLSocket s = (SSLSocket) factory.createSocket();
    sockets.add(s);
    s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    s.connect(new InetSocketAddress("127.0.0.1", c.nodes.get(0).httpPort()), 10_000);
    s.startHandshake();
    return s;
  }

  private static long usedAfterGc() throws InterruptedException {
    MemoryMXBean m = ManagementFactory.getMemoryMXBean();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(300);
      best = Math.min(best, m.getHeapMemoryUsage().getUsed());
    }
    return best;
  }
}
