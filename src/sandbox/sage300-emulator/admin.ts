/**
 * The emulator's admin routes (JSON, outside the Web API path): read and change the behaviour switches at run time,
 * and release held second posting steps. Bad input answers 400 with the reason; nothing is half-applied.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Sage300Behaviours } from './behaviours.ts';
import { readBody, sendJson } from './http-io.ts';

/** Second posting steps waiting for `releasePostings()` (behaviour `postingHold`). */
export interface PostingGate {
  waiting: (() => void)[];
}

/** Waits `ms`, or until released when `ms` is undefined. */
export async function waitAtGate(gate: PostingGate, ms: number | undefined): Promise<void> {
  if (ms !== undefined) {
    await sleep(ms);
    return;
  }
  await new Promise<void>((resolve) => gate.waiting.push(resolve));
}

interface AdminActions {
  behaviours(): Sage300Behaviours;
  /** Throws a TypeError naming the bad behaviour. */
  setBehaviours(patch: unknown): Sage300Behaviours;
  releasePostings(): number;
}

export async function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string, admin: AdminActions): Promise<void> {
  const route = `${req.method ?? 'GET'} ${path}`;
  if (route === 'GET /_emulator/behaviours') return sendJson(res, 200, admin.behaviours());
  if (route === 'POST /_emulator/release-postings') return sendJson(res, 200, { released: admin.releasePostings() });
  if (route !== 'POST /_emulator/behaviours') return sendJson(res, 404, { error: `no admin route ${route}` });
  const body = await readBody(req);
  if (!body.ok) return sendJson(res, 413, { error: 'body too large' });
  let patch: unknown;
  try {
    patch = body.value.trim() === '' ? {} : (JSON.parse(body.value) as unknown);
  } catch (error) {
    return sendJson(res, 400, { error: `not JSON: ${(error as Error).message}` });
  }
  try {
    return sendJson(res, 200, admin.setBehaviours(patch));
  } catch (error) {
    if (error instanceof TypeError) return sendJson(res, 400, { error: error.message });
    throw error;
  }
}
