package org.evote.tally.transport;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Carries the ceremony messages between guardians and the coordinator: named, write-once JSON
 * documents. Everything on a transport is public (shares travel encrypted to their recipient), so
 * a transport needs integrity of delivery, not secrecy. The same interface serves the in-process
 * transport of tests ({@link InMemoryTransport}) and a shared folder for guardians on different
 * machines ({@link FileTransport}).
 *
 * <p>An address is a relative path of '/'-separated names, each 1 to 200 characters of {@code
 * A-Z a-z 0-9 . _ -}, such as {@code key/commitments/guardian1.json}.
 */
public interface Transport {

  /**
   * Publishes a message. Publishing the same bytes again is accepted (so that a step can be
   * repeated after a crash); different bytes at an existing address are refused with {@link
   * MessageConflictException}: a published message is never replaced.
   */
  void publish(String address, byte[] message) throws IOException;

  /** The message at an address, if one has been published. */
  Optional<byte[]> read(String address) throws IOException;

  /** The names of the messages directly in a folder (not sub-folders), sorted; empty if none. */
  List<String> list(String folder) throws IOException;

  /** A short description for messages, such as the folder. */
  String describe();
}
