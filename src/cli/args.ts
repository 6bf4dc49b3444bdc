/** A CLI usage problem: printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A commander argument parser for a whole number within bounds, naming the flag (or argument) when it is not one. */
export function wholeNumber(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value)) throw new UsageError(`${name} expects a whole number from ${min} to ${max}, got "${value}"`);
    const n = Number(value);
    if (n < min || n > max) throw new UsageError(`${name} expects a whole number from ${min} to ${max}, got ${n}`);
    return n;
  };
}

/** Any positive id (change sets, exceptions). */
export const idNumber = wholeNumber('ID', 1, Number.MAX_SAFE_INTEGER);
