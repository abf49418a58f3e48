package org.evote.crypto.group.internal;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A table built on first use, once: the first caller builds it while later ones wait, and every
 * caller after that reads it without a lock (double-checked locking on a volatile field).
 */
final class Lazy<T> {
  private final Supplier<T> build;
  private volatile T value;

  Lazy(Supplier<T> build) {
    this.build = Objects.requireNonNull(build, "build");
  }

  T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = build.get();
          value = v;
        }
      }
    }
    return v;
  }
}
