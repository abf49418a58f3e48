package org.evote.crypto.record;

import java.util.Objects;

/**
 * {@code evote/provisional.json}: present only in a record an official exported before the
 * election closed ({@code ./evote election export --provisional}). Ballots may still have been
 * cast after it was written, so it is not the election's record; the verifier says so on top of
 * its report. {@code {"provisional": true, "status": "OPEN", "exported_at": "2026-..."}}.
 */
public final class EvoteProvisionalJson {
  /** The file name in the {@code evote/} folder. */
  public static final String FILE = "provisional.json";

  /**
   * The marker.
   *
   * @param status the election's state when the record was exported (CREATED or OPEN)
   * @param exportedAt when, as an ISO-8601 instant
   */
  public record Provisional(String status, String exportedAt) {
    public Provisional {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(exportedAt, "exportedAt");
    }
  }

  private EvoteProvisionalJson() {}

  public static Parsed<Provisional> parse(byte[] json, String source) {
    return JsonIn.parse(json, source, in -> {
      in.onlyFields("provisional", "status", "exported_at");
      if (!in.field("provisional").bool()) {
        throw new IllegalArgumentException("provisional must be true when the file is present");
      }
      return new Provisional(in.field("status").string(), in.field("exported_at").string());
    });
  }

  public static byte[] write(Provisional p) {
    return ExtensionJson.indented(ExtensionJson.object().put("provisional", true).put("status", p.status())
        .put("exported_at", p.exportedAt()));
  }
}
