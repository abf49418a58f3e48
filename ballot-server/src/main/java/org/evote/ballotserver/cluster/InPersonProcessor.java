package org.evote.ballotserver.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.util.Map;

/**
 * Records, on the voter's key, that an official saw the voter vote in person: every online
 * ballot of the voter is overridden and later ones are blocked. Result: the voter's record as
 * JSON after the change.
 */
public final class InPersonProcessor implements EntryProcessor<String, String, String>, IdentifiedDataSerializable {
  public InPersonProcessor() {}

  @Override
  public String process(Map.Entry<String, String> entry) {
    VoterRecord r = VoterRecord.fromJson(entry.getValue());
    VoterRecord updated = new VoterRecord(r.cast(), r.seqs(), true);
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
  public void writeData(ObjectDataOutput out) {}

  @Override
  public void readData(ObjectDataInput in) {}
}
