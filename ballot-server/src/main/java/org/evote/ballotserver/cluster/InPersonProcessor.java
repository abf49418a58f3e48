package org.evote.ballotserver.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.util.Map;

/**
 * Records, on the voter's key, that an official saw the voter vote in person, with the official's
 * signed request: every online ballot of the voter is overridden and later ones are blocked.
 * Result: the voter's record as JSON after the change.
 */
public final class InPersonProcessor extends ClusterProcessor {
  private String request;

  public InPersonProcessor() {
    super(ClusterSerialization.IN_PERSON_PROCESSOR);
  }

  /** @param request the official's signed request (a compact JWS) */
  public InPersonProcessor(String request) {
    this();
    this.request = request;
  }

  @Override
  public String process(Map.Entry<String, String> entry) {
    VoterRecord r = VoterRecord.fromJson(entry.getValue());
    VoterRecord updated = r.inPerson() ? r : r.withInPerson(request);
    entry.setValue(updated.toJson());
    return updated.toJson();
  }

  @Override
  public void writeData(ObjectDataOutput out) throws java.io.IOException {
    out.writeString(request);
  }

  @Override
  public void readData(ObjectDataInput in) throws java.io.IOException {
    request = in.readString();
  }
}
