/** Runs tasks one at a time per key, in call order; tasks under different keys run side by side. */
export type KeyedLock = <T>(key: string, task: () => Promise<T>) => Promise<T>;

/** A keyed lock over one process (a task's failure releases the key for the next one). */
export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const next = (tails.get(key) ?? Promise.resolve()).catch(() => undefined).then(task);
    const settled = next.catch(() => undefined);
    tails.set(key, settled);
    // The map holds only keys with work queued.
    void settled.then(() => {
      if (tails.get(key) === settled) tails.delete(key);
    });
    return next;
  };
}
