import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Principal } from '../governance/principals.ts';

/** A signed-in console user: the principal whose token was posted, and the synchronizer token of its forms. */
export interface ConsoleSession {
  readonly principal: Principal;
  /** Every POST of this session carries it in the `_csrf` field. */
  readonly csrf: string;
  readonly expiresAt: number;
}

/** Server-side sessions keyed by the SHA-256 of a random id (the id itself lives only in the HttpOnly cookie). */
export interface SessionStore {
  create(principal: Principal): { id: string; session: ConsoleSession };
  get(id: string | undefined): ConsoleSession | undefined;
  destroy(id: string | undefined): void;
}

const keyOf = (id: string): string => createHash('sha256').update(id, 'utf8').digest('hex');

/** A fresh random token, URL-safe (session ids, CSRF tokens). */
export const randomToken = (): string => randomBytes(32).toString('base64url');

/** Constant-time comparison of two tokens (different lengths are simply unequal). */
export function sameToken(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Creates the store; sessions expire `ttlMs` after sign-in, and at most `maxSessions` live at once (oldest dropped). */
export function createSessionStore(options: { ttlMs: number; maxSessions?: number; now?: () => number }): SessionStore {
  const now = options.now ?? Date.now;
  const max = options.maxSessions ?? 1000;
  const sessions = new Map<string, ConsoleSession>();
  const sweep = (): void => {
    const t = now();
    for (const [key, s] of sessions) if (s.expiresAt <= t) sessions.delete(key);
    for (const key of sessions.keys()) {
      if (sessions.size < max) break;
      sessions.delete(key);
    }
  };
  return {
    create(principal) {
      sweep();
      const id = randomToken();
      const session = { principal, csrf: randomToken(), expiresAt: now() + options.ttlMs };
      sessions.set(keyOf(id), session);
      return { id, session };
    },
    get(id) {
      if (id === undefined || id === '') return undefined;
      const key = keyOf(id);
      const s = sessions.get(key);
      if (s && s.expiresAt <= now()) {
        sessions.delete(key);
        return undefined;
      }
      return s;
    },
    destroy(id) {
      if (id) sessions.delete(keyOf(id));
    },
  };
}
