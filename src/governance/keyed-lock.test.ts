import { describe, expect, it } from 'vitest';
import { createKeyedLock } from './keyed-lock.ts';

function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('createKeyedLock', () => {
  it('runs tasks under one key one at a time in call order, and other keys alongside', async () => {
    const lock = createKeyedLock();
    const first = gate();
    const events: string[] = [];
    const a1 = lock('a', async () => {
      events.push('a1 start');
      await first.opened;
      events.push('a1 end');
    });
    const a2 = lock('a', () => {
      events.push('a2');
      return Promise.resolve();
    });
    const b = lock('b', () => {
      events.push('b');
      return Promise.resolve();
    });
    await b;
    expect(events).toEqual(['a1 start', 'b']);
    first.open();
    await Promise.all([a1, a2]);
    expect(events).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
  });

  it('releases the key when a task fails and passes the failure to its caller only', async () => {
    const lock = createKeyedLock();
    const failed = lock('a', () => Promise.reject(new Error('boom')));
    const next = lock('a', () => Promise.resolve(7));
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe(7);
    // The key is usable again after going idle (its mutex was dropped and is made anew).
    await expect(lock('a', () => Promise.resolve('again'))).resolves.toBe('again');
  });
});
