import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireProcessLease } from './process-lease.ts';

describe('process lease', () => {
  it('tells a held lease from a released one, and removes a released owner’s file when probed', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sagebridge-lease-')), 'leases');
    const a = acquireProcessLease(dir);
    const b = acquireProcessLease(dir);
    expect(a.self).not.toBe(b.self);
    expect(a.isAlive(a.self)).toBe(true);
    expect(a.isAlive(b.self)).toBe(true);
    expect(b.isAlive(a.self)).toBe(true);
    b.release();
    expect(a.isAlive(b.self)).toBe(false);
    expect(readdirSync(dir)).toEqual([`${a.self}.lease`]);
    a.release();
    expect(existsSync(join(dir, `${a.self}.lease`))).toBe(false);
  });

  it('counts a token that is not a lease as gone, and never reads a path out of it', () => {
    const lease = acquireProcessLease(join(mkdtempSync(join(tmpdir(), 'sagebridge-lease-')), 'leases'));
    expect(lease.isAlive('sole:123:abc')).toBe(false);
    expect(lease.isAlive('../state')).toBe(false);
    expect(lease.isAlive('lease-1-00000000-0000-0000-0000-000000000000')).toBe(false);
    lease.release();
  });
});
