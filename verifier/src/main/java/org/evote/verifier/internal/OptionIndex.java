package org.evote.verifier.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.evote.crypto.election.Manifest;

/**
 * The manifest's options (contest, selection) numbered 0..m-1 in manifest order, the indices of
 * the per-option arrays the verifier keeps (running products, decrypted values).
 */
final class OptionIndex {
  /** One option. */
  record Option(int index, int contestIndex, Manifest.Contest contest, Manifest.Selection selection) {
    String label() {
      return contest.contestId() + "/" + selection.selectionId();
    }
  }

  private final List<Option> options;
  private final List<Manifest.Contest> contests;
  private final Map<String, Integer> contestIndex = new HashMap<>();
  private final Map<String, Map<String, Integer>> optionIndex = new HashMap<>();

  OptionIndex(Manifest manifest) {
    List<Option> list = new ArrayList<>();
    List<Manifest.Contest> cs = new ArrayList<>();
    for (Manifest.Contest c : manifest.contests()) {
      if (contestIndex.containsKey(c.contestId())) {
        continue; // a repeated contest id: Manifest.B.1 reports it; the first one counts
      }
      contestIndex.put(c.contestId(), cs.size());
      Map<String, Integer> sels = new HashMap<>();
      for (Manifest.Selection s : c.selections()) {
        if (!sels.containsKey(s.selectionId())) {
          sels.put(s.selectionId(), list.size());
          list.add(new Option(list.size(), cs.size(), c, s));
        }
      }
      optionIndex.put(c.contestId(), sels);
      cs.add(c);
    }
    this.options = Collections.unmodifiableList(list);
    this.contests = Collections.unmodifiableList(cs);
  }

  int size() {
    return options.size();
  }

  Option get(int index) {
    return options.get(index);
  }

  List<Option> all() {
    return options;
  }

  List<Manifest.Contest> contests() {
    return contests;
  }

  /** The option's index, or -1 if the manifest has no such option. */
  int index(String contestId, String selectionId) {
    Map<String, Integer> sels = optionIndex.get(contestId);
    if (sels == null) {
      return -1;
    }
    Integer i = sels.get(selectionId);
    return i == null ? -1 : i;
  }

  /** The contest's index, or -1 if the manifest has no such contest. */
  int contestIndex(String contestId) {
    Integer i = contestIndex.get(contestId);
    return i == null ? -1 : i;
  }

  /** The options of a contest, by index. */
  List<Option> optionsOf(int contestIndex) {
    List<Option> out = new ArrayList<>();
    for (Option o : options) {
      if (o.contestIndex() == contestIndex) {
        out.add(o);
      }
    }
    return out;
  }
}
