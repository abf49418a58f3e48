package org.evote.verifier.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.evote.crypto.record.RecordProblem;
import org.evote.verifier.CheckResult;
import org.evote.verifier.Failure;
import org.evote.verifier.Report;

/** The report as JSON: the same content as the text, for machines. */
public final class ReportJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private ReportJson() {}

  /** The report as pretty-printed UTF-8 JSON. */
  public static byte[] write(Report r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("record", r.recordDir());
      g.writeStringField("group", r.group());
      g.writeStringField("verdict", r.verdict().name());
      g.writeNumberField("exit_code", r.exitCode());
      g.writeStringField("verdict_line", ReportText.verdictLine(r));
      g.writeNumberField("elapsed_ms", r.elapsed().toMillis());
      Report.Summary s = r.summary();
      g.writeObjectFieldStart("summary");
      g.writeNumberField("encrypted_ballots", s.encryptedBallots());
      g.writeNumberField("cast", s.cast());
      g.writeNumberField("challenged", s.challenged());
      g.writeNumberField("unknown", s.unknown());
      g.writeNumberField("device_folders", s.devices());
      g.writeNumberField("decrypted_challenged_ballots", s.decryptedBallots());
      g.writeEndObject();
      g.writeArrayFieldStart("checks");
      for (CheckResult c : r.checks()) {
        g.writeStartObject();
        g.writeStringField("id", c.id());
        g.writeStringField("name", c.name());
        g.writeStringField("status", c.status().name());
        g.writeStringField("detail", c.detail());
        g.writeNumberField("checked", c.checked());
        g.writeNumberField("failure_count", c.failureCount());
        g.writeArrayFieldStart("failures");
        for (Failure f : c.failures()) {
          g.writeStartObject();
          g.writeStringField("location", f.location());
          g.writeStringField("reason", f.reason());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeNumberField("unreadable_count", r.unreadableCount());
      g.writeArrayFieldStart("unreadable");
      for (RecordProblem p : r.unreadable()) {
        g.writeStartObject();
        g.writeStringField("file", p.source());
        g.writeStringField("json_path", p.jsonPath());
        g.writeStringField("message", p.message());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the JSON report to memory", e);
    }
    out.write('\n');
    return out.toByteArray();
  }
}
