package org.evote.crypto.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.evote.crypto.casting.Receipt;
import org.evote.crypto.casting.Receipts;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The evote formats")
class ExtensionFormatsTest {
  private static final Receipt RECEIPT = new Receipt("e1", "b1", "ab".repeat(32), "CAST", "node1", 7,
      "cd".repeat(32), "2025-06-01T10:00:00Z", "c2ln");

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Nested
  @DisplayName("read with the strict configuration")
  class Strict {
    @Test
    @DisplayName("refuse a member name that repeats")
    void duplicateKey() {
      assertThat(EvoteKeysJson.parseIdp(utf8("{\"public_key\":\"a\",\"public_key\":\"b\"}"), "idp.json")
          .problem().message()).startsWith("invalid JSON: Duplicate field 'public_key'");
    }

    @Test
    @DisplayName("refuse content after the document")
    void trailing() {
      assertThat(EvoteKeysJson.parseIdp(utf8("{\"public_key\":\"a\"} {}"), "idp.json")
          .problem().message()).startsWith("invalid JSON: Trailing token");
    }

    @Test
    @DisplayName("refuse a member the format does not have")
    void unknownField() {
      assertThat(EvoteKeysJson.parseIdp(utf8("{\"public_key\":\"a\",\"extra\":1}"), "idp.json").problem())
          .hasToString("idp.json: $.extra: unknown field");
    }

    @Test
    @DisplayName("let a programming error in a reader propagate instead of calling it bad data")
    void bugPropagates() {
      assertThatThrownBy(() -> JsonIn.parse(utf8("{}"), "x", in -> {
        throw new IllegalStateException("a bug");
      })).isInstanceOf(IllegalStateException.class).hasMessage("a bug");
    }
  }

  @Nested
  @DisplayName("policy.json")
  class Policy {
    private final EvotePolicyJson.Policy policy = new EvotePolicyJson.Policy(
        "rule", List.of("b2"), List.of("b1"), List.of(), List.of("b3"), List.of("v9"));

    @Test
    @DisplayName("is written in Jackson's indented layout, as RecordExport wrote it")
    void layout() {
      assertThat(new String(EvotePolicyJson.write(policy), StandardCharsets.UTF_8)).isEqualTo("""
          {
            "rule" : "rule",
            "counted" : [ "b2" ],
            "superseded" : [ "b1" ],
            "overridden" : [ ],
            "challenged" : [ "b3" ],
            "in_person_voters" : [ "v9" ]
          }""");
    }

    @Test
    @DisplayName("round-trips")
    void roundTrip() {
      assertThat(EvotePolicyJson.parse(EvotePolicyJson.write(policy), "policy.json").value()).isEqualTo(policy);
    }

    @Test
    @DisplayName("names a list that is missing")
    void missing() {
      assertThat(EvotePolicyJson.parse(utf8("{\"rule\":\"r\",\"superseded\":[]}"), "evote/policy.json").problem())
          .hasToString("evote/policy.json: $.counted: required field is missing");
    }
  }

  @Nested
  @DisplayName("the receipt")
  class Receipts_ {
    @Test
    @DisplayName("signs the same bytes as before it was typed")
    void signedBytes() {
      assertThat(new String(Receipts.signedBytes(RECEIPT), StandardCharsets.UTF_8)).isEqualTo(String.join("\n",
          "evote-receipt-v1", "e1", "b1", "ab".repeat(32), "CAST", "node1", "7", "cd".repeat(32),
          "2025-06-01T10:00:00Z"));
    }

    @Test
    @DisplayName("is written compact in a fixed order and round-trips")
    void roundTrip() {
      String json = new String(ReceiptJson.write(RECEIPT), StandardCharsets.UTF_8);
      assertThat(json).startsWith("{\"election_id\":\"e1\",\"ballot_id\":\"b1\",").endsWith(",\"signature\":\"c2ln\"}");
      assertThat(ReceiptJson.parse(utf8(json), "r").value()).isEqualTo(RECEIPT);
    }

    @Test
    @DisplayName("refuses a log position that is not an integer")
    void position() {
      String json = new String(ReceiptJson.write(RECEIPT), StandardCharsets.UTF_8).replace(":7,", ":\"7\",");
      assertThat(ReceiptJson.parse(utf8(json), "r").problem())
          .hasToString("r: $.log_position: expected an integer, got a string");
    }
  }

  @Nested
  @DisplayName("an envelope, the node keys and a log")
  class Others {
    @Test
    @DisplayName("round-trip")
    void roundTrips() {
      EvoteEnvelopeJson.Envelope e = new EvoteEnvelopeJson.Envelope("b1", "v1", "CAST", "t", "s", "now", "node1", RECEIPT);
      assertThat(EvoteEnvelopeJson.parse(EvoteEnvelopeJson.write(e), "e").value()).isEqualTo(e);
      Map<String, String> keys = Map.of("node2", "k2", "node1", "k1");
      assertThat(EvoteKeysJson.parseNodes(EvoteKeysJson.writeNodes(keys), "n").value())
          .containsExactly(Map.entry("node1", "k1"), Map.entry("node2", "k2"));
      EvoteLogJson.Line l = new EvoteLogJson.Line(0, "00", "11", "{\"type\":\"ballot\"}");
      byte[] log = EvoteLogJson.write(List.of(l));
      assertThat(new String(log, StandardCharsets.UTF_8))
          .isEqualTo("{\"position\":0,\"previous_hash\":\"00\",\"hash\":\"11\",\"payload\":\"{\\\"type\\\":\\\"ballot\\\"}\"}\n");
      assertThat(EvoteLogJson.parseLine(utf8(new String(log, StandardCharsets.UTF_8).strip()), "l").value()).isEqualTo(l);
    }
  }
}
