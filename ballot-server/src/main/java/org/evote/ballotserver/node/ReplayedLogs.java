package org.evote.ballotserver.node;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.MapClearedListener;
import java.util.Set;
import java.util.TreeSet;
import org.evote.ballotserver.cluster.ElectionMaps;

/**
 * Which nodes' logs the cluster's maps hold: a node acknowledges ballots only while every
 * configured member has put its log into the maps since the maps last lost data.
 *
 * <p>Why: when two of three nodes die at once, the maps lose partitions, and with them ballots
 * (and voters' places in the order of their ballots) that only the dead nodes' logs still hold.
 * Each node replays its log before it listens, but not before the others: without this gate, the
 * first node back could take a voter's re-vote before the second node back had replayed the
 * voter's earlier ballot, and give the re-vote the earlier place. So each node marks
 * {@code evote.replayed} (node id → member count) once its log is in the maps; a survivor that
 * learns of a partition loss clears every mark at once, alone if need be (the map is exempt from
 * the majority rule, and keeps a copy on every node of three), so that the dead nodes' old marks
 * are gone before they rejoin; each node then replays and marks again (the survivors when a
 * majority is back, the restarted ones as they start), and ballots wait until there are as many
 * marks as configured members. A single node's restart loses nothing from the maps and clears
 * nothing.
 *
 * <p>The price: after a double failure the cluster takes no ballot until every member is back.
 * A member whose disk is lost for good is replaced by a node with an empty data directory at the
 * same address (its ballots are lost, and the export names its log as missing).
 */
public final class ReplayedLogs {
  private final HazelcastInstance hz;
  private final String nodeId;
  private final int required;
  private volatile boolean replayedSinceStart;
  private volatile boolean clearPending;
  private volatile boolean stale = true;
  private volatile Set<String> marked = Set.of();

  /**
   * @param hz this node's Hazelcast member
   * @param nodeId this node's id
   * @param required how many members are configured (1 for a node alone)
   */
  public ReplayedLogs(HazelcastInstance hz, String nodeId, int required) {
    this.hz = hz;
    this.nodeId = nodeId;
    this.required = required;
  }

  private IMap<String, String> map() {
    return ElectionMaps.replayed(hz);
  }

  /** Listens for marks and clears, so that the answer is re-read only when it may have changed. */
  public void listen() {
    map().addEntryListener(new Changes(), false);
  }

  /** Marks that this node's whole log is in the maps (after its replay at start or after a loss). */
  public void markReplayed() {
    replayedSinceStart = true;
    map().set(nodeId, Integer.toString(required));
    stale = true;
  }

  /**
   * The maps lost data: every node's mark must go, until each has replayed again. Clears at once
   * when the cluster answers; otherwise {@link #clearIfPending} tries again (every 2 s).
   */
  public void clearAll() {
    clearPending = true;
    clearIfPending();
  }

  /** Clears the marks if a loss asked for it and no clear has worked since. */
  public void clearIfPending() {
    if (!clearPending) {
      return;
    }
    try {
      map().clear();
      clearPending = false;
      stale = true;
    } catch (RuntimeException e) {
      // the cluster is still rearranging its partitions: the next call tries again
    }
  }

  /**
   * Puts this node's mark back when another node's clear removed it after this node had already
   * replayed (clears race with replays); never while this node is rebuilding.
   */
  public void remarkIfCleared(boolean rebuilding) {
    if (replayedSinceStart && !rebuilding && !map().containsKey(nodeId)) {
      map().set(nodeId, Integer.toString(required));
    }
    stale = true;
  }

  /**
   * Whether every configured member's log is in the maps. Answers from what it last read while
   * nothing changed and every log was in; re-reads the cluster otherwise (one call).
   */
  public boolean complete() {
    if (!stale && marked.size() >= required) {
      return true;
    }
    refresh();
    return marked.size() >= required;
  }

  /** The nodes whose logs the maps hold now, as last read. */
  public Set<String> marked() {
    complete();
    return marked;
  }

  /** How many members must have replayed. */
  public int required() {
    return required;
  }

  private void refresh() {
    stale = false;
    marked = Set.copyOf(new TreeSet<>(map().keySet()));
  }

  private final class Changes implements EntryAddedListener<String, String>, EntryRemovedListener<String, String>,
      MapClearedListener {
    @Override
    public void entryAdded(EntryEvent<String, String> e) {
      stale = true;
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> e) {
      stale = true;
    }

    @Override
    public void mapCleared(MapEvent e) {
      stale = true;
    }
  }
}
