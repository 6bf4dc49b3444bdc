import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tryExclusiveLock } from '../platform/process-lease.ts';
import { SandboxError } from './sandbox-data.ts';

/**
 * The sandbox's data folder when none is given: $SAGEBRIDGE_DATA, else `.sagebridge` in the sagebridge package
 * itself, so a client that spawns `serve --stdio` from any working folder reaches the same sandbox as `npm start`.
 * Resolved once, absolutely.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.SAGEBRIDGE_DATA;
  return fromEnv ? resolve(fromEnv) : fileURLToPath(new URL('../../.sagebridge', import.meta.url));
}

/** The sandbox in a data folder is served by another live sagebridge process, which owns its config. */
export class SandboxBusyError extends SandboxError {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number | undefined,
  ) {
    super(
      `the sandbox in ${dataDir} is served by another sagebridge process${ownerPid ? ` (pid ${ownerPid})` : ''}; stop it first, or pass --data DIR for a sandbox of your own`,
    );
    this.name = 'SandboxBusyError';
  }
}

const ownerFile = (dir: string): string => join(dir, 'sandbox.owner.json');

/**
 * Claims the sandbox in `dir` for this process: only the owner starts emulators and writes the config file, so a
 * second `npm start` or a spawned `serve --stdio` never rewrites it under the running one. The claim ends with the
 * process (however it ends) or with `release`.
 */
export function claimSandbox(dir: string): { release(): void } {
  const lock = tryExclusiveLock(join(dir, 'sandbox.lock'));
  if (!lock) throw new SandboxBusyError(dir, ownerPid(dir));
  writeFileSync(ownerFile(dir), `${JSON.stringify({ pid: process.pid, since: new Date().toISOString() })}\n`);
  return lock;
}

function ownerPid(dir: string): number | undefined {
  try {
    const pid = (JSON.parse(readFileSync(ownerFile(dir), 'utf8')) as { pid?: unknown }).pid;
    return typeof pid === 'number' ? pid : undefined;
  } catch {
    return undefined;
  }
}

function answers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    const socket = connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) || 80 });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
    socket.once('timeout', () => {
      socket.destroy();
      done(false);
    });
  });
}

/** What a process attached to another process's sandbox runs with. */
export interface AttachedSandbox {
  readonly config: Record<string, unknown>;
  readonly configPath: string;
  /** The demo principals' tokens (principals.json). */
  readonly tokens: Record<string, string>;
  readonly ownerPid: number | undefined;
}

/**
 * Uses the sandbox another process serves: its config file as written, unchanged, once both of its emulators answer
 * (the owner writes the file after they listen; a few seconds' wait covers an owner still starting).
 */
export async function attachSandbox(dir: string, waitMs = 15_000): Promise<AttachedSandbox> {
  const configPath = join(dir, 'sagebridge.config.json');
  const deadline = Date.now() + waitMs;
  for (;;) {
    const config = existsSync(configPath) ? (JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>) : undefined;
    const urls = config ? endpoints(config) : [];
    if (urls.length > 0 && (await Promise.all(urls.map(answers))).every(Boolean)) {
      const tokens = JSON.parse(readFileSync(join(dir, 'principals.json'), 'utf8')) as Record<string, string>;
      return { config: config!, configPath, tokens, ownerPid: ownerPid(dir) };
    }
    if (Date.now() > deadline)
      throw new SandboxError(
        `the sandbox in ${dir} is owned by another sagebridge process${ownerPid(dir) ? ` (pid ${ownerPid(dir)})` : ''} whose emulators do not answer; stop that process and start again`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

function endpoints(config: Record<string, unknown>): string[] {
  const c = config as { intacct?: { companies?: { endpoint?: string }[] }; sage300?: { companies?: { webApi?: { baseUrl?: string } }[] } };
  return [...(c.intacct?.companies ?? []).map((x) => x.endpoint), ...(c.sage300?.companies ?? []).map((x) => x.webApi?.baseUrl)].filter(
    (u): u is string => typeof u === 'string',
  );
}
