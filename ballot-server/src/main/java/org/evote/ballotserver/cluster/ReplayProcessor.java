package org.evote.ballotserver.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;

/**
 * Puts a logged ballot back into its voter's record at the sequence number the cluster gave it,
 * or re-applies a logged in-person vote. Replaying logs in any order rebuilds the same record.
 */
public final class ReplayProcessor extends ClusterProcessor {
  private String ballotId;
  private int seq;
  private String request;

  public ReplayProcessor() {
    super(ClusterSerialization.REPLAY_PROCESSOR);
  }

  /** Replays a cast ballot. */
  public ReplayProcessor(String ballotId, int seq) {
    this();
    this.ballotId = ballotId;
    this.seq = seq;
  }

  /** Replays an in-person vote recorded by the official's signed request. */
  public static ReplayProcessor inPerson(String request) {
    ReplayProcessor p = new ReplayProcessor(null, 0);
    p.request = request;
    return p;
  }

  @Override
  public String process(Map.Entry<String, String> entry) {
    VoterRecord r = VoterRecord.fromJson(entry.getValue());
    VoterRecord updated = ballotId == null
        ? (r.inPerson() ? r : r.withInPerson(request))
        : r.with(ballotId, seq);
    entry.setValue(updated.toJson());
    return updated.toJson();
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(ballotId);
    out.writeInt(seq);
    out.writeString(request);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    ballotId = in.readString();
    seq = in.readInt();
    request = in.readString();
  }
}
