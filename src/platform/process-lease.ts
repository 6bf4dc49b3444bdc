import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * A process's claim on the work it records in a shared state dir, held as an exclusive SQLite lock on its own small
 * lease file. The operating system drops the lock when the process dies, however it dies (SIGKILL, power loss of
 * the process, OOM kill), so "is its lease still locked?" is an exact liveness test: no pid reuse, no clock, no
 * heartbeat. It works between processes of one host, containers sharing the volume included; a state dir is
 * never shared across hosts (SQLite WAL needs one host).
 */
export interface ProcessLease {
  /** This process's token (the lease file's name). */
  readonly self: string;
  /** False only when `owner`'s lease is free or gone: that process has stopped. Anything unclear counts as alive. */
  isAlive(owner: string): boolean;
  /** Drops the lock and the file (a clean exit). */
  release(): void;
}

const TOKEN = /^lease-[0-9]+-[0-9a-f-]{36}$/;

/** Takes a new lease under `dir` (created if missing) for this process. */
export function acquireProcessLease(dir: string): ProcessLease {
  mkdirSync(dir, { recursive: true });
  const self = `lease-${process.pid}-${randomUUID()}`;
  const path = join(dir, `${self}.lease`);
  // A fresh file of this process's own: nobody else can hold it.
  const held = tryExclusiveLock(path);
  if (!held) throw new Error(`lease file ${path} is locked by another process`);
  let released = false;
  return {
    self,
    isAlive(owner) {
      if (owner === self) return !released;
      // Tokens of another form were written by a store that declared itself alone (tests, one-shot tools).
      if (!TOKEN.test(owner)) return false;
      return probe(join(dir, `${owner}.lease`));
    },
    release() {
      if (released) return;
      released = true;
      held.release();
      rmSync(path, { force: true });
    },
  };
}

/** True while another connection (another process) holds the lease file's lock. */
function probe(path: string): boolean {
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: 0, fileMustExist: true });
  } catch (err) {
    // No file: its owner released it on a clean exit, or it was cleaned up after a crash.
    return (err as { code?: string }).code !== 'SQLITE_CANTOPEN';
  }
  try {
    db.pragma('journal_mode = MEMORY');
    db.exec('BEGIN EXCLUSIVE');
  } catch {
    db.close();
    return true; // SQLITE_BUSY: held by a live process (any other error: in doubt, alive)
  }
  db.exec('ROLLBACK');
  db.close();
  // The owner is gone; its file has no further use.
  rmSync(path, { force: true });
  return false;
}

/**
 * Takes an exclusive, process-lifetime lock on the file at `path` (created if missing), or returns undefined when
 * another live process holds it. Like a lease, the operating system drops the lock when its holder dies.
 */
export function tryExclusiveLock(path: string): { release(): void } | undefined {
  const held = new Database(path, { timeout: 0 });
  try {
    // Never committed: the EXCLUSIVE lock lasts as long as this connection, i.e. this process. Nothing is ever
    // written; an in-memory journal keeps a -journal file from sitting beside the lock file.
    held.pragma('journal_mode = MEMORY');
    held.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    held.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return undefined;
    throw err;
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      held.close();
    },
  };
}
