package org.evote.crypto.record;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;

/**
 * Pretty-prints the way kotlinx.serialization does with {@code prettyPrint = true}, as egk-ec
 * writes its records: four-space indents, {@code "key": value}, and empty arrays and objects
 * spread over two lines. Holds the nesting level, so one instance per generator.
 */
final class KotlinxPrettyPrinter implements PrettyPrinter {
  private static final String INDENT = "    ";
  private int level;

  private void newline(JsonGenerator g) throws IOException {
    g.writeRaw('\n');
    for (int i = 0; i < level; i++) {
      g.writeRaw(INDENT);
    }
  }

  @Override
  public void writeRootValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw('\n');
  }

  @Override
  public void writeStartObject(JsonGenerator g) throws IOException {
    g.writeRaw('{');
    level++;
  }

  @Override
  public void beforeObjectEntries(JsonGenerator g) throws IOException {
    newline(g);
  }

  @Override
  public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(": ");
  }

  @Override
  public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
    g.writeRaw(',');
    newline(g);
  }

  @Override
  public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
    level--;
    newline(g);
    g.writeRaw('}');
  }

  @Override
  public void writeStartArray(JsonGenerator g) throws IOException {
    g.writeRaw('[');
    level++;
  }

  @Override
  public void beforeArrayValues(JsonGenerator g) throws IOException {
    newline(g);
  }

  @Override
  public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(',');
    newline(g);
  }

  @Override
  public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
    level--;
    newline(g);
    g.writeRaw(']');
  }
}
