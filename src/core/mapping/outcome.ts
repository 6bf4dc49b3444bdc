import type { Result } from '../../domain/result.ts';

/** Result of an operation whose failures are expected: a value or a typed error, never a throw (the domain Result). */
export type Outcome<T, E> = Result<T, E>;

// The mapping code's names for the domain constructors: `fail` wraps an expected failure, `ok` a success value.
export { err as fail, ok } from '../../domain/result.ts';
