package org.evote.crypto.record;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration for every document evote reads: a member name may not repeat, nothing
 * may follow the JSON text, and data binding refuses unknown fields (I-JSON, RFC 7493), so that no
 * two parsers can read one document two ways.
 */
public final class StrictJson {
  private StrictJson() {}

  /**
   * A new mapper with the strict configuration. Each call builds its own, so a caller that changes
   * its mapper (to indent its output, say) changes no one else's; keep it in a static field.
   */
  public static JsonMapper mapper() {
    return JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }
}
