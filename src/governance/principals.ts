import { hash, timingSafeEqual } from 'node:crypto';
import type { PrincipalConfig } from '../platform/config.ts';

/** A role a principal may hold. */
export type Role = PrincipalConfig['roles'][number];

/** Who is calling: a configured principal and its roles. */
export interface Principal {
  readonly name: string;
  readonly roles: readonly Role[];
}

/** The configured principals; bearer tokens are matched by their SHA-256, never stored in clear. */
export interface PrincipalDirectory {
  /** The principal whose token this is, or undefined; constant-time per candidate. */
  authenticate(token: string): Principal | undefined;
  byName(name: string): Principal | undefined;
  all(): readonly Principal[];
}

/** Builds the directory from `config.principals`. */
export function createPrincipalDirectory(principals: readonly PrincipalConfig[]): PrincipalDirectory {
  const list = principals.map((p) => ({
    principal: { name: p.name, roles: [...p.roles] },
    hash: p.tokenSha256 ? Buffer.from(p.tokenSha256, 'hex') : undefined,
  }));
  return {
    authenticate(token) {
      if (token.length === 0) return undefined;
      // The one-shot hash: a third of the cost of a Hash object, on every HTTP request.
      const digest = hash('sha256', token, 'buffer');
      let found: Principal | undefined;
      // Compare against every candidate so timing does not reveal which principal's prefix matched.
      for (const { principal, hash } of list)
        if (hash && hash.length === digest.length && timingSafeEqual(hash, digest)) found ??= principal;
      return found;
    },
    byName: (name) => list.find((p) => p.principal.name === name)?.principal,
    all: () => list.map((p) => p.principal),
  };
}

/** Whether the principal holds one of the roles. */
export const holdsAny = (principal: Principal, roles: readonly Role[]): boolean => principal.roles.some((r) => roles.includes(r));
