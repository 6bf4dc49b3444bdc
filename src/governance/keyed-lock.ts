import { Mutex } from 'async-mutex';

/** Runs tasks one at a time per key, in call order; tasks under different keys run side by side. */
export type KeyedLock = <T>(key: string, task: () => Promise<T>) => Promise<T>;

/** A keyed lock over one process (a task's failure releases the key for the next one). */
export function createKeyedLock(): KeyedLock {
  // One FIFO mutex per key, counted by the callers holding or awaiting it, so an idle key costs nothing.
  const held = new Map<string, { mutex: Mutex; users: number }>();
  return async <T>(key: string, task: () => Promise<T>): Promise<T> => {
    let entry = held.get(key);
    if (!entry) {
      entry = { mutex: new Mutex(), users: 0 };
      held.set(key, entry);
    }
    entry.users++;
    try {
      return await entry.mutex.runExclusive(task);
    } finally {
      if (--entry.users === 0) held.delete(key);
    }
  };
}
