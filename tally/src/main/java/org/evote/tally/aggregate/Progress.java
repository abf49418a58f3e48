package org.evote.tally.aggregate;

/** Progress of a long run, such as aggregating a million ballots. Called from several threads. */
public interface Progress {
  /** No progress shown. */
  Progress NONE = new Progress() {
    @Override
    public void start(long total) {}

    @Override
    public void advance(long n) {}

    @Override
    public void finish() {}
  };

  /** The run starts; {@code total} items, or -1 when unknown. */
  void start(long total);

  /** {@code n} more items are done. */
  void advance(long n);

  /** The run is over. */
  void finish();
}
