package org.evote.ballotserver.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.evote.ballotserver.OrderedSteps;
import org.evote.ballotserver.cluster.ElectionMaps;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The voter page on a real three-node cluster in a real headless Chromium, each node with its
 * own certificate: the page's own node stops after the ballot is encrypted, and the cast goes
 * through another node, which the election's description named and the page's
 * Content-Security-Policy allows; the receipt is that node's, checked with its key. Origins an
 * insider writes into the cluster never reach a header or the page.
 */
@OrderedSteps
class VoterPageFailoverTest {
  @TempDir static Path dir;
  @AutoClose ClientTestNode cluster;
  @AutoClose Chromium chrome;

  @BeforeAll
  void start() throws Exception {
    cluster = new ClientTestNode(dir, 3);
    chrome = new Chromium(Files.createDirectories(dir.resolve("profile")), "en-US", cluster.spkiPin(), 900, 1100);
  }

  /** Opens node i's page, loads the voter's credentials, chooses one option and encrypts; returns the code. */
  private String encryptOn(int i, String voter, String selection) throws Exception {
    chrome.driver.get(cluster.url(i) + "/");
    chrome.byId("credentials-file").sendKeys(cluster.credentials(voter).toAbsolutePath().toString());
    chrome.byId("load").sendKeys(Keys.ENTER);
    chrome.waitShown("step-ballot");
    chrome.driver.findElement(By.cssSelector("input[name='contest1'][value='" + selection + "']")).sendKeys(Keys.SPACE);
    chrome.byId("encrypt").sendKeys(Keys.ENTER);
    chrome.waitShown("step-confirm");
    return chrome.byId("code").getDomAttribute("data-code");
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return cluster.http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(1)
  @DisplayName("the election names every node's origin; the page may connect to them; a node answers another node's preflight, not a stranger's")
  void originsPublished() throws Exception {
    JsonNode urls = null;
    for (int i = 2; i >= 0; i--) {
      urls = listed(i); // each node published its own at start
      assertThat(urls.size()).as("node%d's list: %s", i + 1, urls).isEqualTo(3);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(urls.get("node" + (i + 1)).asText()).isEqualTo(cluster.url(i));
    }
    String csp = send(HttpRequest.newBuilder(URI.create(cluster.url(0) + "/"))).headers()
        .firstValue("content-security-policy").orElseThrow();
    assertThat(csp).contains("connect-src 'self' " + cluster.url(0) + " " + cluster.url(1) + " " + cluster.url(2) + ";");

    String ballots = cluster.url(1) + "/api/elections/" + cluster.electionId + "/ballots";
    HttpResponse<String> fromNode = send(HttpRequest.newBuilder(URI.create(ballots))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("origin", cluster.url(0)).header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type"));
    assertThat(fromNode.statusCode()).isEqualTo(204);
    assertThat(fromNode.headers().firstValue("access-control-allow-origin")).hasValue(cluster.url(0));
    assertThat(fromNode.headers().firstValue("access-control-allow-methods").orElseThrow()).contains("POST");
    assertThat(fromNode.headers().firstValue("access-control-allow-credentials")).isEmpty();

    HttpResponse<String> fromStranger = send(HttpRequest.newBuilder(URI.create(ballots))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("origin", "https://evil.example").header("access-control-request-method", "POST"));
    assertThat(fromStranger.headers().firstValue("access-control-allow-origin")).isEmpty();
    HttpResponse<String> readByStranger = send(HttpRequest.newBuilder(
        URI.create(cluster.url(1) + "/api/elections/" + cluster.electionId)).header("origin", "https://evil.example"));
    assertThat(readByStranger.statusCode()).isEqualTo(200);
    assertThat(readByStranger.headers().firstValue("access-control-allow-origin")).isEmpty();
  }

  @Test
  @Order(2)
  @DisplayName("an origin an insider writes into the cluster that is not scheme://host[:port] is dropped, not echoed into a header or the page")
  void forgedOriginsDropped() throws Exception {
    var urls = ElectionMaps.urls(org.evote.ballotserver.NodeInternals.hazelcast(cluster.nodes.get(1)));
    urls.set("node9", "https://evil.example; script-src *");
    urls.set("node8", "javascript:alert(1)");
    urls.set("node7", "https://ok.example/path");
    urls.set("node4", "https://node4.example:8443"); // well formed: listed once the nodes re-read the map
    assertThat(listed(1).has("node4")).isTrue();
    JsonNode listed = listed(0);
    assertThat(listed.has("node4")).isTrue();
    assertThat(listed.has("node9")).isFalse();
    assertThat(listed.has("node8")).isFalse();
    assertThat(listed.has("node7")).isFalse();
    assertThat(listed.size()).isEqualTo(4);
    String csp = send(HttpRequest.newBuilder(URI.create(cluster.url(0) + "/"))).headers()
        .firstValue("content-security-policy").orElseThrow();
    assertThat(csp).contains(" https://node4.example:8443")
        .doesNotContain("evil").doesNotContain("javascript").doesNotContain("ok.example");
    for (String id : new String[] {"node9", "node8", "node7", "node4"}) {
      urls.delete(id);
    }
    assertThat(listed(0).has("node4")).isFalse();
  }

  /** Node i's node_urls for the election, after every running node re-read the published origins. */
  private JsonNode listed(int i) throws Exception {
    for (int k = 0; k < cluster.nodes.size(); k++) {
      org.evote.ballotserver.NodeInternals.refreshOrigins(cluster.nodes.get(k));
    }
    return ClientTestNode.JSON.readTree(send(HttpRequest.newBuilder(
        URI.create(cluster.url(i) + "/api/elections/" + cluster.electionId))).body()).get("node_urls");
  }


  @Test
  @Order(3)
  @DisplayName("the page's own node stops after the ballot is encrypted: the cast goes through another node, whose receipt the page checks, and the ballot is counted")
  void castThroughAnotherNode() throws Exception {
    String code = encryptOn(0, "olga", "contest1-selection2");

    cluster.stop(0);
    chrome.byId("cast").sendKeys(Keys.ENTER);
    chrome.waitShown("step-done");
    assertThat(chrome.byId("final-code").getDomAttribute("data-code")).isEqualTo(code);
    assertThat(chrome.byId("receipt-verdict").getText())
        .endsWith("The voting server signed your receipt, and this page checked the signature.");
    assertThat(chrome.byId("receipt").getDomProperty("textContent")).as("the receipt's node, in its details").containsPattern("Nodenode[23]Log position");

    HttpResponse<String> status = send(HttpRequest.newBuilder(
        URI.create(cluster.url(1) + "/api/elections/" + cluster.electionId + "/ballots/" + code)));
    assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
    JsonNode s = ClientTestNode.JSON.readTree(status.body());
    assertThat(s.get("state").asText()).isEqualTo("recorded"); // voting is open: see PublicReads
    assertThat(s.get("receipt").get("confirmation_code").asText()).isEqualTo(code);
  }

  @Test
  @Order(4)
  @DisplayName("with every node down, casting says plainly that the ballot was not recorded")
  void noNodeLeft() throws Exception {
    // The first page's node is gone: another voter opens the second node's page, then the rest stop.
    encryptOn(1, "piet", "contest1-selection1");
    cluster.stop(2);
    cluster.stop(1);
    chrome.byId("cast").sendKeys(Keys.ENTER);
    assertThat(chrome.waitError()).isEqualTo(
        "No voting server could be reached, so your ballot was NOT recorded. Check your connection and press the button again.");
  }
}
