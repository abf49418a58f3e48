package org.evote.crypto.record;

import java.util.Objects;
import java.util.function.Function;

/**
 * The result of reading untrusted record bytes: either a value or the {@link RecordProblem} that
 * prevented it. Parsing never throws for bad input; it returns {@link Invalid}.
 *
 * @param <T> the type of the value
 */
public sealed interface Parsed<T> permits Parsed.Ok, Parsed.Invalid {

  /** A successfully parsed value. */
  static <T> Parsed<T> ok(T value) {
    return new Ok<>(value);
  }

  /** A failure with its problem. */
  static <T> Parsed<T> invalid(RecordProblem problem) {
    return new Invalid<>(problem);
  }

  /** Whether parsing succeeded. */
  boolean isOk();

  /** The value; IllegalStateException carrying the problem text if parsing failed. */
  T value();

  /** The problem; IllegalStateException if parsing succeeded. */
  RecordProblem problem();

  /** The value, or a {@link RecordFormatException} carrying the problem. */
  T orElseThrow();

  /** The value, or {@code other} if parsing failed. */
  default T orElse(T other) {
    return isOk() ? value() : other;
  }

  /** The value mapped by {@code f}, or the same problem. */
  <U> Parsed<U> map(Function<? super T, ? extends U> f);

  /** The result of {@code f} on the value, or the same problem. */
  <U> Parsed<U> flatMap(Function<? super T, Parsed<U>> f);

  /** A parsed value. */
  record Ok<T>(T value) implements Parsed<T> {
    public Ok {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean isOk() {
      return true;
    }

    @Override
    public RecordProblem problem() {
      throw new IllegalStateException("the value was parsed without a problem");
    }

    @Override
    public T orElseThrow() {
      return value;
    }

    @Override
    public <U> Parsed<U> map(Function<? super T, ? extends U> f) {
      return new Ok<>(f.apply(value));
    }

    @Override
    public <U> Parsed<U> flatMap(Function<? super T, Parsed<U>> f) {
      return Objects.requireNonNull(f.apply(value), "flatMap function returned null");
    }
  }

  /** A failure. */
  record Invalid<T>(RecordProblem problem) implements Parsed<T> {
    public Invalid {
      Objects.requireNonNull(problem, "problem");
    }

    @Override
    public boolean isOk() {
      return false;
    }

    @Override
    public T value() {
      throw new IllegalStateException(problem.toString());
    }

    @Override
    public T orElseThrow() {
      throw new RecordFormatException(problem);
    }

    @Override
    public <U> Parsed<U> map(Function<? super T, ? extends U> f) {
      return new Invalid<>(problem);
    }

    @Override
    public <U> Parsed<U> flatMap(Function<? super T, Parsed<U>> f) {
      return new Invalid<>(problem);
    }
  }
}
