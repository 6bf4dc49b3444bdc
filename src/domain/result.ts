/** A success, carrying its value. */
export type Ok<T> = { readonly ok: true; readonly value: T };

/** An expected failure, carrying a typed error (by house style a value with a closed `code` union). */
export type Err<E> = { readonly ok: false; readonly error: E };

/** Result of an operation whose failures are expected: a value or a typed error, never a throw. */
export type Result<T, E> = Ok<T> | Err<E>;

/** Wraps a success value. */
export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

/** Wraps an expected failure. */
export function err<E>(error: E): Err<E> {
  return { ok: false, error };
}
