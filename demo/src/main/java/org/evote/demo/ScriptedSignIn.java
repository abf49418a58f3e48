package org.evote.demo;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted voter at Keycloak's own pages, as a browser without a screen: it opens the address
 * the voter's device printed (the device grant's verification address), fills the pages' forms
 * as a person would (the code when asked, the user name and password, "Yes" on a consent page)
 * and stops at the page saying the device is signed in. Only the demo uses it: a real voter does
 * this on their phone. It reads Keycloak's forms, not its page layout, so it breaks only if the
 * forms' field names change ({@code username}, {@code password}, {@code device_user_code},
 * {@code accept}).
 */
final class ScriptedSignIn {
  private static final Pattern FORM = Pattern.compile("(?is)<form\\b([^>]*)>(.*?)</form>");
  private static final Pattern FIELD = Pattern.compile("(?is)<(input|button)\\b([^>]*)>");
  private static final Pattern ATTRIBUTE = Pattern.compile("(?is)\\b([a-z_-]+)\\s*=\\s*\"([^\"]*)\"");
  private static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|quot|lt|gt|apos);");
  private static final int MAX_PAGES = 8;

  private ScriptedSignIn() {}

  /**
   * Signs {@code user} in at {@code address} and approves the device.
   *
   * @throws IllegalStateException with the page's text when the provider refuses or shows a
   *     page this script does not know
   */
  static void approve(URI address, String userCode, String user, String password) {
    HttpClient http = HttpClient.newBuilder().cookieHandler(new Jar())
        .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();
    try {
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(address).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      for (int step = 0; step < MAX_PAGES; step++) {
        String text = text(page.body());
        Map<String, String> fields = null;
        URI action = null;
        for (Matcher f = FORM.matcher(page.body()); f.find() && fields == null; ) {
          Map<String, String> form = attributes(f.group(1));
          Map<String, String> inputs = new LinkedHashMap<>();
          List<String> names = new ArrayList<>();
          for (Matcher i = FIELD.matcher(f.group(2)); i.find(); ) {
            Map<String, String> a = attributes(i.group(2));
            String name = a.get("name");
            if (name == null) {
              continue;
            }
            names.add(name);
            if ("hidden".equalsIgnoreCase(a.get("type"))) {
              inputs.put(name, a.getOrDefault("value", ""));
            }
          }
          if (names.contains("username") && names.contains("password")) {
            inputs.put("username", user);
            inputs.put("password", password);
          } else if (names.contains("device_user_code")) {
            inputs.put("device_user_code", userCode);
          } else if (names.contains("accept")) {
            inputs.put("accept", "Yes");
          } else {
            continue;
          }
          fields = inputs;
          action = page.uri().resolve(form.getOrDefault("action", page.uri().toString()));
        }
        if (fields == null) {
          String lower = text.toLowerCase(Locale.ROOT);
          if (page.statusCode() == 200 && lower.contains("success")) {
            return;
          }
          throw new IllegalStateException("the provider's page at " + page.uri() + " (" + page.statusCode() + ") says: "
              + text.substring(0, Math.min(400, text.length())));
        }
        page = http.send(HttpRequest.newBuilder(action).timeout(Duration.ofSeconds(30))
            .header("content-type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encode(fields))).build(), HttpResponse.BodyHandlers.ofString());
      }
      throw new IllegalStateException("the provider showed more than " + MAX_PAGES + " pages; the last at " + page.uri());
    } catch (IOException e) {
      throw new IllegalStateException("the provider cannot be reached at " + address + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signing in", e);
    }
  }

  /**
   * The cookies of one sign-in, sent back to the provider on every request. Java's CookieManager
   * withholds cookies marked Secure over plain HTTP, which Keycloak sets even on its dev-mode
   * loopback address (browsers treat loopback as secure and send them): this jar, for one host
   * only, keeps name and value and forgets a cookie set to expire.
   */
  private static final class Jar extends CookieHandler {
    private final Map<String, String> cookies = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
      if (cookies.isEmpty()) {
        return Map.of();
      }
      StringBuilder b = new StringBuilder();
      cookies.forEach((k, v) -> b.append(b.isEmpty() ? "" : "; ").append(k).append('=').append(v));
      return Map.of("Cookie", List.of(b.toString()));
    }

    @Override
    public void put(URI uri, Map<String, List<String>> headers) {
      headers.forEach((name, values) -> {
        if (name != null && name.equalsIgnoreCase("set-cookie")) {
          for (String v : values) {
            String pair = v.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq <= 0) {
              continue;
            }
            String lower = v.toLowerCase(Locale.ROOT);
            if (lower.contains("max-age=0") || lower.contains("expires=thu, 01 jan 1970")) {
              cookies.remove(pair.substring(0, eq).trim());
            } else {
              cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
          }
        }
      });
    }
  }

  private static Map<String, String> attributes(String tag) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Matcher m = ATTRIBUTE.matcher(tag); m.find(); ) {
      out.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), unescape(m.group(2)));
    }
    return out;
  }

  static String unescape(String s) {
    return ENTITY.matcher(s).replaceAll(m -> {
      String e = m.group(1);
      String c = switch (e) {
        case "amp" -> "&";
        case "quot" -> "\"";
        case "lt" -> "<";
        case "gt" -> ">";
        case "apos" -> "'";
        default -> Character.toString(e.startsWith("#x") ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1)));
      };
      return Matcher.quoteReplacement(c);
    });
  }

  /** The page's visible words, roughly: scripts, styles and tags removed, spaces collapsed. */
  private static String text(String html) {
    String s = html.replaceAll("(?is)<(script|style)\\b.*?</\\1>", " ").replaceAll("(?s)<[^>]*>", " ");
    return unescape(s).replaceAll("\\s+", " ").strip();
  }

  private static String encode(Map<String, String> fields) {
    StringBuilder b = new StringBuilder();
    fields.forEach((k, v) -> {
      if (!b.isEmpty()) {
        b.append('&');
      }
      b.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    });
    return b.toString();
  }
}
