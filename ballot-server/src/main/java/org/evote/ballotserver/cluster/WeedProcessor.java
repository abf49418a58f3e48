package org.evote.ballotserver.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;

/**
 * Claims or releases weeding keys for one owner ({@code "voter|code|state|ballot id"}), run on many keys at once
 * with {@code executeOnKeys} so that a ballot's keys cost one cluster call instead of one per key.
 * Each key is claimed atomically on its own partition.
 *
 * <p>Claim: a free key takes the owner and the result is {@link #CLAIMED}; a taken key is left
 * alone and the result is its holder. Release: the key is removed only if the owner holds it (the
 * rollback of a claim that failed elsewhere); the result is {@link #CLAIMED} when it was removed.
 */
public final class WeedProcessor extends ClusterProcessor {
  /** The result for a key this call claimed (or released). Never a valid owner. */
  public static final String CLAIMED = "+";

  private String owner;
  private boolean release;

  public WeedProcessor() {
    super(ClusterSerialization.WEED_PROCESSOR);
  }

  private WeedProcessor(String owner, boolean release) {
    this();
    this.owner = owner;
    this.release = release;
  }

  /** Claims free keys for the owner. */
  public static WeedProcessor claim(String owner) {
    return new WeedProcessor(owner, false);
  }

  /** Releases the keys the owner holds. */
  public static WeedProcessor release(String owner) {
    return new WeedProcessor(owner, true);
  }

  @Override
  public String process(Map.Entry<String, String> entry) {
    String held = entry.getValue();
    if (release) {
      if (owner.equals(held)) {
        entry.setValue(null);
        return CLAIMED;
      }
      return held == null ? "" : held;
    }
    if (held == null) {
      entry.setValue(owner);
      return CLAIMED;
    }
    return held;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(owner);
    out.writeBoolean(release);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    owner = in.readString();
    release = in.readBoolean();
  }
}
