package org.evote.crypto.record;

import org.evote.crypto.testing.Conformance;
import org.junit.jupiter.api.DisplayName;

@DisplayName("egk-ec's Integer4096 record (allAvailable)")
class Integer4096ConformanceRecordTest extends ConformanceRecordTestBase {
  @Override
  String recordName() {
    return Conformance.INTEGER;
  }
}
