package org.evote.ballotserver.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * An entry processor on one of the cluster's string maps, with a string result, that crosses the
 * cluster under its id in {@link ClusterSerialization} (never under a class name).
 */
abstract class ClusterProcessor implements EntryProcessor<String, String, String>, IdentifiedDataSerializable {
  private final int classId;

  /** @param classId this type's id in {@link ClusterSerialization} */
  ClusterProcessor(int classId) {
    this.classId = classId;
  }

  @Override
  public final int getFactoryId() {
    return ClusterSerialization.FACTORY_ID;
  }

  @Override
  public final int getClassId() {
    return classId;
  }
}
