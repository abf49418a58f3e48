package org.evote.tally;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The result of a ceremony step that depends on untrusted data (messages from other guardians,
 * files, a coordinator's request): a value, or every reason it could not be produced. Checks on
 * such data return this instead of throwing, so that a caller can show all the reasons at once.
 *
 * @param <T> the value's type
 */
public sealed interface Checked<T> permits Checked.Ok, Checked.Failed {

  static <T> Checked<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> Checked<T> failed(String reason) {
    return new Failed<>(List.of(reason));
  }

  static <T> Checked<T> failed(List<String> reasons) {
    return new Failed<>(reasons);
  }

  boolean isOk();

  /** The value; IllegalStateException with the reasons when it failed. */
  T value();

  /** The reasons; empty when ok. */
  List<String> reasons();

  /** The reasons joined by "; ", for a one-line error. */
  default String summary() {
    return String.join("; ", reasons());
  }

  <U> Checked<U> map(Function<? super T, ? extends U> f);

  <U> Checked<U> flatMap(Function<? super T, Checked<U>> f);

  /** A produced value. */
  record Ok<T>(T value) implements Checked<T> {
    public Ok {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean isOk() {
      return true;
    }

    @Override
    public List<String> reasons() {
      return List.of();
    }

    @Override
    public <U> Checked<U> map(Function<? super T, ? extends U> f) {
      return new Ok<>(f.apply(value));
    }

    @Override
    public <U> Checked<U> flatMap(Function<? super T, Checked<U>> f) {
      return f.apply(value);
    }
  }

  /** A failure with at least one reason. */
  record Failed<T>(List<String> reasons) implements Checked<T> {
    public Failed {
      reasons = List.copyOf(reasons);
      if (reasons.isEmpty()) {
        throw new IllegalArgumentException("a failure needs at least one reason");
      }
    }

    @Override
    public boolean isOk() {
      return false;
    }

    @Override
    public T value() {
      throw new IllegalStateException(String.join("; ", reasons));
    }

    @Override
    public <U> Checked<U> map(Function<? super T, ? extends U> f) {
      return new Failed<>(reasons);
    }

    @Override
    public <U> Checked<U> flatMap(Function<? super T, Checked<U>> f) {
      return new Failed<>(reasons);
    }
  }
}
