/**
 * Latency of a read-only MCP tool call (get_sync_status) through the whole governance pipeline: in process (the
 * governor alone, the baseline), over Streamable HTTP with a bearer token, and over stdio to a spawned server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
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
      note: 'every call is authorized, validated, rate-limited and written to the hash-chained audit log (synchronous=FULL)',
    };
  } finally {
    await http.close();
    await app.close();
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
