/**
 * Latency of a read-only MCP tool call (get_sync_status) through the whole governance pipeline: in process (the
 * governor alone, the baseline), over Streamable HTTP with a bearer token, and over stdio to a spawned server; and
 * over HTTP against a bare MCP SDK server with one trivial tool (issue 17 targets: p50 <= 1.5x, p99 <= 3x).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { fileURLToPath } from 'node:url';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { parseConfig } from '../../src/platform/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { startSandbox } from '../../src/sandbox/sandbox.ts';
import { createApp } from '../../src/server/app.ts';
import { startHttpServer } from '../../src/server/http-server.ts';

const BIN = fileURLToPath(new URL('../../bin/sagebridge.mjs', import.meta.url));
const TOOL = { name: 'get_sync_status', arguments: { runs: 5 } };

function percentiles(samples: number[]): { p50: number; p99: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return { p50: round(at(0.5)), p99: round(at(0.99)), mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length) };
}

async function measure(calls: number, warmup: number, once: () => Promise<unknown>): Promise<{ p50: number; p99: number; mean: number }> {
  for (let i = 0; i < warmup; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    await once();
    samples.push(performance.now() - t0);
  }
  return percentiles(samples);
}

/** A bare MCP SDK server with one trivial read-only tool over Streamable HTTP (sessions, like ours): the baseline. */
async function startBareSdkServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const body: unknown = text === '' ? undefined : JSON.parse(text);
        const id = req.headers['mcp-session-id'];
        let transport = typeof id === 'string' ? transports.get(id) : undefined;
        if (!transport) {
          const mcp = new McpServer({ name: 'bare', version: '1' });
          mcp.registerTool(
            'status',
            { description: 'a trivial read', inputSchema: { runs: z.number().optional() }, annotations: { readOnlyHint: true } },
            ({ runs }) => ({ content: [{ type: 'text', text: `ok ${runs ?? 0}` }], structuredContent: { ok: true, runs: runs ?? 0 } }),
          );
          const created: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
            sessionIdGenerator: () => randomUUID(),
            onsessioninitialized: (sid) => {
              transports.set(sid, created);
            },
          });
          transport = created;
          await mcp.connect(transport);
        }
        await transport.handleRequest(req, res, body);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: async () => {
      await Promise.all([...transports.values()].map((t) => t.close().catch(() => undefined)));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * The same client measures a read-only call on sagebridge over HTTP (bearer token, governance, audit row) and on the
 * bare SDK server, in alternating rounds within one run, so both see the same machine load. Client and server share
 * this process, so the CPU time of each side's rounds (client and server together) is counted too: on a machine shared
 * with other work, latency grows faster than the CPU a call needs (a longer call is more often preempted), and the CPU
 * ratio says what the call costs whatever the load.
 */
async function alternatingRounds(
  rounds: number,
  perRound: number,
  ours: () => Promise<unknown>,
  bare: () => Promise<unknown>,
): Promise<{ sagebridge: Side; bare: Side }> {
  const sides = { sagebridge: { samples: [] as number[], cpuUs: 0 }, bare: { samples: [] as number[], cpuUs: 0 } };
  const time = async (into: Side, once: () => Promise<unknown>) => {
    const cpu = process.cpuUsage();
    for (let i = 0; i < perRound; i++) {
      const t0 = performance.now();
      await once();
      into.samples.push(performance.now() - t0);
    }
    const used = process.cpuUsage(cpu);
    into.cpuUs += used.user + used.system;
  };
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first, so neither always runs on a warmer or colder machine.
    if (r % 2 === 0) {
      await time(sides.sagebridge, ours);
      await time(sides.bare, bare);
    } else {
      await time(sides.bare, bare);
      await time(sides.sagebridge, ours);
    }
  }
  return sides;
}

interface Side {
  readonly samples: number[];
  cpuUs: number;
}

/** p50/p99 in ms of a read-only tool call per transport, with the in-process governor call as the baseline. */
export async function benchMcpLatency(calls = 500): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-mcp-'));
  const sandbox = await startSandbox({ dataDir: join(dir, 'data'), mappingsDir: DEMO_MAPPINGS_DIR });
  const raw = {
    ...sandbox.config,
    logLevel: 'silent',
    stateDir: join(dir, 'state'),
    rateLimits: { default: { calls: 100_000, windowSeconds: 60, maxConcurrent: 8 }, tools: {} },
  };
  const config = parseConfig(raw, 'bench', {});
  const app = createApp(config, { log: silentLogger() });
  const http = await startHttpServer(app, { host: '127.0.0.1', port: 0, allowedHosts: [], allowedOrigins: [], maxBodyBytes: 1_000_000 });
  const warmup = Math.min(50, Math.ceil(calls / 10));
  try {
    const auditor = app.principals.byName('auditor')!;
    const inProcess = await measure(calls, warmup, async () => {
      const r = await app.governor.call(auditor, TOOL.name, TOOL.arguments, { via: 'bench' });
      if (!r.ok) throw new Error(r.error.message);
    });

    const httpClient = new Client({ name: 'bench', version: '1' });
    await httpClient.connect(
      new StreamableHTTPClientTransport(new URL(http.url), {
        requestInit: { headers: { Authorization: `Bearer ${sandbox.prepared.tokens.auditor ?? ''}` } },
      }),
    );
    const overHttp = await measure(calls, warmup, () => httpClient.callTool(TOOL));
    await httpClient.close();

    // Against a bare MCP SDK server, same client library, alternating rounds in the same run. Each server gets a new
    // client with the same history: the SDK client sends every request with its transport's one AbortSignal, and
    // undici adds a listener to it per request that only garbage collection removes, then counts them all on the
    // next request. A client that already made the calls above would pay for that on every call.
    const ourClient = new Client({ name: 'bench', version: '1' });
    await ourClient.connect(
      new StreamableHTTPClientTransport(new URL(http.url), {
        requestInit: { headers: { Authorization: `Bearer ${sandbox.prepared.tokens.auditor ?? ''}` } },
      }),
    );
    const bareServer = await startBareSdkServer();
    const bareClient = new Client({ name: 'bench', version: '1' });
    await bareClient.connect(new StreamableHTTPClientTransport(new URL(bareServer.url)));
    const bareCall = () => bareClient.callTool({ name: 'status', arguments: { runs: 5 } });
    const ourCall = () => ourClient.callTool(TOOL);
    for (let i = 0; i < warmup; i++) {
      await bareCall();
      await ourCall();
    }
    const rounds = 10;
    const alternating = await alternatingRounds(rounds, Math.max(1, Math.ceil(calls / rounds)), ourCall, bareCall);
    const ours = percentiles(alternating.sagebridge.samples);
    const bareSdk = percentiles(alternating.bare.samples);
    const cpuPerCall = (side: Side) => Math.round(side.cpuUs / side.samples.length);
    await bareClient.close();
    await bareServer.close();
    await ourClient.close();

    const configPath = join(dir, 'stdio.json');
    writeFileSync(configPath, JSON.stringify({ ...raw, server: { stdioPrincipal: 'auditor' } }));
    const stdioClient = new Client({ name: 'bench', version: '1' });
    await stdioClient.connect(
      new StdioClientTransport({ command: process.execPath, args: [BIN, 'serve', '--stdio', '--config', configPath], stderr: 'ignore' }),
    );
    const overStdio = await measure(calls, warmup, () => stdioClient.callTool(TOOL));
    await stdioClient.close();

    return {
      name: 'mcp_read_tool_latency',
      tool: TOOL.name,
      calls,
      unit: 'ms',
      inProcessGovernor: inProcess,
      http: { ...overHttp, p50VsInProcess: Math.round((overHttp.p50 / inProcess.p50) * 10) / 10 },
      stdio: { ...overStdio, p50VsInProcess: Math.round((overStdio.p50 / inProcess.p50) * 10) / 10 },
      httpVsBareSdk: {
        method: `${rounds} alternating rounds of ${Math.ceil(calls / rounds)} sequential calls each, one new SDK client per server (same history), same process`,
        sagebridge: ours,
        bareSdk,
        p50Ratio: Math.round((ours.p50 / bareSdk.p50) * 100) / 100,
        p99Ratio: Math.round((ours.p99 / bareSdk.p99) * 100) / 100,
        targets: { p50Ratio: 1.5, p99Ratio: 3 },
        cpuUsPerCall: { sagebridge: cpuPerCall(alternating.sagebridge), bareSdk: cpuPerCall(alternating.bare) },
        cpuRatio: Math.round((alternating.sagebridge.cpuUs / alternating.bare.cpuUs) * 100) / 100,
        loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
      },
      note: 'every call is authorized, validated, rate-limited and written to the hash-chained audit log (a read row is committed without its own fsync: the relaxed mode for reads)',
    };
  } finally {
    await http.close();
    await app.close();
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
