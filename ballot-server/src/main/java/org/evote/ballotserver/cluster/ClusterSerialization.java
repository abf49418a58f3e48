package org.evote.ballotserver.cluster;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * The closed set of our types that cross the cluster, by numeric id: Hazelcast creates them from
 * these ids and never from a class name on the wire. Map values are plain strings.
 */
public final class ClusterSerialization implements DataSerializableFactory {
  public static final int FACTORY_ID = 7301;
  public static final int CAST_PROCESSOR = 1;
  public static final int IN_PERSON_PROCESSOR = 2;
  public static final int REPLAY_PROCESSOR = 3;
  public static final int WEED_PROCESSOR = 4;

  @Override
  public IdentifiedDataSerializable create(int typeId) {
    return switch (typeId) {
      case CAST_PROCESSOR -> new CastProcessor();
      case IN_PERSON_PROCESSOR -> new InPersonProcessor();
      case REPLAY_PROCESSOR -> new ReplayProcessor();
      case WEED_PROCESSOR -> new WeedProcessor();
      default -> throw new IllegalArgumentException("unknown cluster type id " + typeId);
    };
  }
}
