package org.evote.verifier;

/**
 * Receives the verifier's progress on its long phases (the encrypted ballots, the challenged
 * ballots). Implementations must be thread-safe: steps arrive from every worker thread.
 */
public interface ProgressListener {

  /** A listener that ignores progress. */
  ProgressListener NONE = (name, total) -> new Task() {
    @Override
    public void step() {}

    @Override
    public void close() {}
  };

  /**
   * A phase begins.
   *
   * @param name what is being verified, such as "encrypted ballots"
   * @param total how many items the phase has
   */
  Task start(String name, long total);

  /** One phase in progress. */
  interface Task extends AutoCloseable {
    /** One more item is done. */
    void step();

    /** The phase is over. */
    @Override
    void close();
  }
}
