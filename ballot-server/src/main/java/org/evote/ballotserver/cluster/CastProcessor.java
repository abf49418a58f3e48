package org.evote.ballotserver.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;

/**
 * Records a cast ballot on the voter's key, atomically on the partition that owns the voter:
 * the new ballot supersedes the earlier ones, unless an in-person vote was recorded, which
 * blocks it. Re-running it for the same ballot changes nothing (a retried submission).
 *
 * <p>Result: {@code "blocked"}, or {@code "ok:<n>:<superseded id or empty>"} where n is the
 * ballot's position in the voter's list (the same answer when the ballot was already recorded).
 */
public final class CastProcessor extends ClusterProcessor {
  private String ballotId;

  public CastProcessor() {
    super(ClusterSerialization.CAST_PROCESSOR);
  }

  public CastProcessor(String ballotId) {
    this();
    this.ballotId = ballotId;
  }

  @Override
  public String process(Map.Entry<String, String> entry) {
    VoterRecord r = VoterRecord.fromJson(entry.getValue());
    if (r.inPerson()) {
      return "blocked";
    }
    int at = r.cast().indexOf(ballotId);
    if (at >= 0) {
      return "ok:" + r.seqs().get(at) + ":" + (at > 0 ? r.cast().get(at - 1) : "");
    }
    String previous = r.latest();
    int seq = r.nextSeq();
    entry.setValue(r.with(ballotId, seq).toJson());
    return "ok:" + seq + ":" + (previous == null ? "" : previous);
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(ballotId);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    ballotId = in.readString();
  }
}
