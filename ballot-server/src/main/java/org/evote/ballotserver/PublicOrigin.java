package org.evote.ballotserver;

import java.util.regex.Pattern;

/**
 * The one shape a node's published origin may take: {@code https://host[:port]} (or
 * {@code http://} for a development node), host a DNS name, an IPv4 address or a bracketed IPv6
 * address. An origin read from the cluster is checked again before it reaches a browser (in the
 * voter page's Content-Security-Policy, in CORS answers, in the election's description): an
 * insider who writes anything else into the cluster gets it dropped, not echoed into a header.
 */
public final class PublicOrigin {
  private static final Pattern ORIGIN = Pattern.compile(
      "(https?)://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
          + "|\\[[0-9A-Fa-f:.]{2,45}\\])(:[0-9]{1,5})?");

  private PublicOrigin() {}

  /** Whether {@code origin} is an origin of the allowed shape; http only when {@code plainHttp}. */
  public static boolean valid(String origin, boolean plainHttp) {
    if (origin == null || origin.length() > 300) {
      return false;
    }
    var m = ORIGIN.matcher(origin);
    if (!m.matches() || (!plainHttp && m.group(1).equals("http"))) {
      return false;
    }
    String port = m.group(6);
    return port == null || (Integer.parseInt(port.substring(1)) >= 1 && Integer.parseInt(port.substring(1)) <= 65535);
  }
}
