package org.evote.voterweb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The voter page as built into this jar (at {@code org/evote/voterweb/}): its files, read
 * once from the class path, with their content types and the security headers a node should send
 * with them. The set of files is the build's {@code assets.txt}; any other name is not found,
 * so a request path can never reach another resource.
 *
 * <p>A node serves {@link #INDEX} at {@code /}, {@link #SITE} at {@code /site/} and every other
 * file at {@code /web/<name>}.
 */
public final class WebAssets {
  /** The page itself, served at {@code /}. */
  public static final String INDEX = "index.html";
  /** The public election site (read-only, for voters and observers), served at {@code /site/}. */
  public static final String SITE = "site.html";

  private static final String BASE = "/org/evote/voterweb/";

  /**
   * Headers for every file: the page loads scripts, styles and workers only from its own origin,
   * talks only to its own origin, and may not be framed.
   */
  public static final Map<String, String> SECURITY_HEADERS = securityHeaders(java.util.List.of());

  /**
   * The same headers, except that the page may also talk to the given origins (the cluster's
   * other nodes, to cast through one of them when its own node is down). The caller passes only
   * checked origins ({@code scheme://host[:port]}); anything with a space, a quote or a semicolon
   * is refused here as well, so that no origin can add a directive.
   */
  public static Map<String, String> securityHeaders(java.util.Collection<String> connectOrigins) {
    StringBuilder connect = new StringBuilder("'self'");
    for (String o : connectOrigins) {
      if (!o.matches("https?://[A-Za-z0-9.\\[\\]:-]+")) {
        throw new IllegalArgumentException("not an origin: " + o);
      }
      connect.append(' ').append(o);
    }
    return Map.of(
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; worker-src 'self'; style-src 'self'; connect-src " + connect + "; "
            + "img-src 'self' data: blob:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
        "X-Content-Type-Options", "nosniff",
        "Referrer-Policy", "no-referrer",
        "Cache-Control", "no-cache");
  }

  /** One file: its name, content type and bytes. */
  public record Asset(String name, String contentType, byte[] bytes) {
    public Asset {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  private static final Map<String, Asset> ASSETS = load();

  private WebAssets() {}

  private static Map<String, Asset> load() {
    Map<String, Asset> map = new LinkedHashMap<>();
    byte[] list = read("assets.txt");
    if (list == null) {
      throw new IllegalStateException("the voter page is missing from the class path (" + BASE
          + "assets.txt); build voter-web with Maven so that npm builds it");
    }
    for (String name : new String(list, StandardCharsets.UTF_8).split("\n")) {
      String n = name.trim();
      if (n.isEmpty()) {
        continue;
      }
      byte[] b = read(n);
      if (b == null) {
        throw new IllegalStateException("the voter page's " + n + " is listed in assets.txt but missing");
      }
      map.put(n, new Asset(n, contentType(n), b));
    }
    return Collections.unmodifiableMap(map);
  }

  private static byte[] read(String name) {
    try (InputStream in = WebAssets.class.getResourceAsStream(BASE + name)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the voter page's " + name, e);
    }
  }

  /** The content type for a file name, by its extension. */
  static String contentType(String name) {
    String ext = name.substring(name.lastIndexOf('.') + 1);
    return switch (ext) {
      case "html" -> "text/html; charset=utf-8";
      case "js", "mjs" -> "text/javascript; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "json", "map" -> "application/json";
      case "svg" -> "image/svg+xml";
      case "png" -> "image/png";
      case "ico" -> "image/x-icon";
      case "txt" -> "text/plain; charset=utf-8";
      default -> "application/octet-stream";
    };
  }

  /** The names of all files, {@link #INDEX} included. */
  public static List<String> names() {
    return List.copyOf(ASSETS.keySet());
  }

  /**
   * A file by its name relative to the page's folder (the part after {@code /web/}), or empty.
   * Only the built files are found: no paths, no other resources.
   */
  public static Optional<Asset> get(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(ASSETS.get(name));
  }

  /** The page served at {@code /}. */
  public static Asset index() {
    return ASSETS.get(INDEX);
  }
}
