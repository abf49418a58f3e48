package org.evote.ballotserver.cluster;

/** Telling a failure of the cluster (no majority, a member gone, a backup that did not answer) from any other. */
public final class ClusterFailures {
  private ClusterFailures() {}

  /** Whether a Hazelcast exception is anywhere in the cause chain. */
  public static boolean isClusterFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof com.hazelcast.core.HazelcastException) {
        return true;
      }
    }
    return false;
  }
}
