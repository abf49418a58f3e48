package org.evote.ballotserver.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.util.Map;

/**
 * Records, on the voter's key, that an official saw the voter vote in person, with the official's
 * signed request: every online ballot of the voter is overridden and later ones are blocked.
 * Result: the voter's record as JSON after the change.
 */
public final class InPersonProcessor implements EntryProcessor<String, String, String>, IdentifiedDataSerializable {
  private String request;

  public InPersonProcessor() {}

  /** @param request the official's signed request (a compact JWS) */
  public InPersonProcessor(String request) {
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
  public int getFactoryId() {
    return ClusterSerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return ClusterSerialization.IN_PERSON_PROCESSOR;
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
