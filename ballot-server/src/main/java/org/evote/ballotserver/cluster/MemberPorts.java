package org.evote.ballotserver.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Free ports to name in a members list before the members start (the demo's and the tests'
 * clusters on loopback, and LocalKeycloak's). They are taken below the kernel's ephemeral range: a port from that
 * range (what {@code new ServerSocket(0)} gives) can, once released, be picked as the source
 * port of a member's own connection attempt to it, and on loopback such a connection meets
 * itself (a TCP self-connect): the port is then held and the member named there cannot bind.
 */
public final class MemberPorts {
  private static final int LOWEST = 10_000;
  private static final int DEFAULT_EPHEMERAL_START = 32_768;
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Ports handed out in this JVM: never twice, so that members started together get distinct ports. */
  private static final java.util.Set<Integer> GIVEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private MemberPorts() {}

  /** A port on 127.0.0.1 that was free a moment ago, lies below the ephemeral range and was not given before in this JVM. */
  public static int free() throws IOException {
    int below = ephemeralStart();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = LOWEST + RANDOM.nextInt(below - LOWEST);
      if (GIVEN.contains(port)) {
        continue;
      }
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(false);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      } catch (IOException taken) {
        continue;
      }
      if (GIVEN.add(port)) {
        return port;
      }
    }
    throw new IOException("no free port between " + LOWEST + " and " + below + " on loopback after 200 tries");
  }

  /** The first port of Linux's ephemeral range; 32768 where it cannot be read or leaves too little below it. */
  private static int ephemeralStart() {
    try {
      String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
      int start = Integer.parseInt(range[0]);
      return start > LOWEST + 1_000 ? start : DEFAULT_EPHEMERAL_START;
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_START;
    }
  }
}
