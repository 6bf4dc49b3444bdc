import { parseConfig, type Config } from '../platform/config.ts';
import { resolve } from 'node:path';
import {
  attachSandbox,
  defaultDataDir,
  SandboxBusyError,
  SandboxError,
  startSandbox,
  type AttachedSandbox,
  type Sandbox,
} from '../sandbox/sandbox.ts';
import { createApp, type App } from '../server/app.ts';
import { startHttpServer, type HttpServerHandle } from '../server/http-server.ts';
import { startStdioServer } from '../server/stdio-server.ts';
import { startSchedules } from '../server/schedules.ts';
import { Command } from 'commander';
import { DEMO_MAPPINGS_DIR } from '../sandbox/demo-mappings.ts';
import { UsageError, wholeNumber } from './args.ts';
import type { CliHost, CliIo } from './context.ts';
import { untilSignal } from './emulate.ts';
import { EXIT } from './exit-codes.ts';

/** The MCP client configuration a user pastes into their client (Claude Desktop / Code, VS Code, Cursor style). */
function clientConfig(url: string, token: string): Record<string, unknown> {
  return { mcpServers: { sagebridge: { type: 'http', url, headers: { Authorization: `Bearer ${token}` } } } };
}

/** The sandbox a server runs on: its own (it owns the emulators) or another process's (attached, config unchanged). */
type SandboxRun = { kind: 'own'; sandbox: Sandbox } | { kind: 'attached'; attached: AttachedSandbox };

const tokensOf = (run: SandboxRun): Record<string, string> => (run.kind === 'own' ? run.sandbox.prepared.tokens : run.attached.tokens);

function emulatorLines(run: SandboxRun): string[] {
  if (run.kind === 'own')
    return [`Sage Intacct emulator: ${run.sandbox.intacct.endpoint}`, `Sage 300 Web API:      ${run.sandbox.sage300.baseUrl}`];
  const pid = run.attached.ownerPid;
  return [
    `Sandbox emulators: those of the sagebridge process that owns this sandbox${pid ? ` (pid ${pid})` : ''}; its config is used unchanged.`,
  ];
}

function readyLines(url: string, configPath: string | undefined, run: SandboxRun | undefined, config: Config): string[] {
  const lines = [
    `sagebridge MCP server (Streamable HTTP) at ${url}`,
    `Console (sign in with a token): ${url.replace(/\/mcp$/, '/console')}`,
  ];
  if (configPath) lines.push(`Configuration: ${configPath}`);
  if (run) {
    const tokens = tokensOf(run);
    lines.push('', 'Sandbox principals (bearer tokens):');
    for (const p of config.principals)
      lines.push(`  ${p.name.padEnd(10)} ${p.roles.join(',').padEnd(10)} ${tokens[p.name] ?? '(no token)'}`);
    lines.push(
      '',
      'MCP client configuration (as analyst; swap the token to act as another principal):',
      JSON.stringify(clientConfig(url, tokens.analyst ?? ''), null, 2),
    );
    lines.push('', ...emulatorLines(run));
  } else {
    lines.push(
      `Principals: ${config.principals.map((p) => `${p.name} (${p.roles.join(',')})`).join(', ') || 'none configured'}; tokens are stored hashed in the configuration.`,
    );
  }
  lines.push('', 'Press Ctrl-C to stop.');
  return lines;
}

interface ServeOptions {
  stdio?: boolean;
  http?: boolean;
  port?: number;
  json?: boolean;
  data?: string;
}

/** `sagebridge serve --stdio | --http [--port N] [--json]`: the governed MCP server, on the sandbox when no config is given. */
export function serveCommand(host: CliHost): Command {
  return new Command('serve')
    .description('Serve the governed MCP tools over --stdio or --http (on the sandbox without --config)')
    .option('--stdio', 'MCP over stdin/stdout, acting as server.stdioPrincipal (the sandbox: analyst)')
    .option(
      '--http',
      "MCP over Streamable HTTP at http://HOST:PORT/mcp; every request needs a principal's bearer token, Host and Origin are checked against allow-lists, bodies are size-limited",
    )
    .option('--port <N>', 'HTTP port (default server.port, 8787); 0 picks a free port', wholeNumber('--port', 0, 65535))
    .option('--json', 'print one JSON ready line: {"ready":true,"url":...,"config":...,"principals":{...},...}')
    .option(
      '--data <dir>',
      'sandbox data folder; ignored with --config (default: $SAGEBRIDGE_DATA, else .sagebridge in the sagebridge folder)',
    )
    .addHelpText(
      'after',
      `
Without --config (and without $SAGEBRIDGE_CONFIG) it starts the sandbox first: both emulators, the demo companies,
demo mappings and demo principals, with state under the data folder. When another sagebridge process already
serves that sandbox, it uses that process's emulators and config file as they are and never rewrites them.`,
    )
    .action(async (values: ServeOptions) => {
      // The transport is checked before the configuration is read: a bare `serve` is a usage error, whatever the file.
      if (values.stdio === values.http) throw new UsageError('choose one transport: --stdio or --http');
      const { config, configPath, io } = host.session('long-running');
      host.done(await runServe(values, config, configPath, io));
    });
}

async function runServe(values: ServeOptions, config: Config, configPath: string | undefined, io: CliIo): Promise<number> {
  const port = values.port;

  let run: SandboxRun | undefined;
  let cfg = config;
  let cfgPath = configPath;
  if (configPath === undefined) {
    const dataDir = resolve(values.data ?? defaultDataDir()); // resolved once, absolutely
    try {
      run = { kind: 'own', sandbox: await startSandbox({ dataDir, mappingsDir: DEMO_MAPPINGS_DIR, log: io.log }) };
    } catch (err) {
      if (!(err instanceof SandboxError)) throw err;
      if (!(err instanceof SandboxBusyError)) throw new UsageError(err.message);
      try {
        run = { kind: 'attached', attached: await attachSandbox(dataDir) };
      } catch (attachErr) {
        if (attachErr instanceof SandboxError) throw new UsageError(attachErr.message);
        throw attachErr;
      }
      io.log.info({ dataDir, owner: run.attached.ownerPid }, 'sandbox served by another process: attached to it');
    }
    const source = run.kind === 'own' ? run.sandbox : run.attached;
    cfg = parseConfig(source.config, source.configPath, {});
    cfgPath = source.configPath;
  }
  const sandbox = run?.kind === 'own' ? run.sandbox : undefined;
  let app: App | undefined;
  let http: HttpServerHandle | undefined;
  const stopped = untilSignal(); // before any ready line: a supervisor may stop us the moment it reads it
  try {
    app = createApp(cfg, { log: io.log });
    const schedules = startSchedules(app, cfg.schedules);
    try {
      if (values.stdio) {
        const name = cfg.server.stdioPrincipal;
        if (!name) throw new UsageError('server.stdioPrincipal is not set: name the principal a stdio client acts as in the configuration');
        const principal = app.principals.byName(name)!;
        const server = await startStdioServer(app, principal);
        io.log.info({ principal: name }, 'mcp stdio server ready');
        await Promise.race([stopped, server.closed]);
        await app.drain(); // calls in flight answer before the transport closes
        await server.close();
      } else {
        try {
          http = await startHttpServer(app, { ...cfg.server, port: port ?? cfg.server.port });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
            throw new UsageError(`port ${port ?? cfg.server.port} is in use; pass --port N (0 picks a free port)`);
          throw err;
        }
        if (values.json) {
          const principals = Object.fromEntries(
            cfg.principals.map((p) => [
              p.name,
              { roles: p.roles, ...(run && tokensOf(run)[p.name] ? { token: tokensOf(run)[p.name] } : {}) },
            ]),
          );
          io.out(
            JSON.stringify({
              ready: true,
              url: http.url,
              config: cfgPath ?? null,
              principals,
              ...(run?.kind === 'attached'
                ? { attached: true, clientConfig: clientConfig(http.url, run.attached.tokens.analyst ?? '') }
                : {}),
              ...(sandbox
                ? {
                    intacct: { endpoint: sandbox.intacct.endpoint, ...sandbox.intacct.credentials },
                    sage300: {
                      baseUrl: sandbox.sage300.baseUrl,
                      company: sandbox.sage300.companyId,
                      user: sandbox.sage300.user,
                      password: sandbox.sage300.password,
                      database: sandbox.prepared.paths.sage300Db,
                    },
                    clientConfig: clientConfig(http.url, sandbox.prepared.tokens.analyst ?? ''),
                  }
                : {}),
            }),
          );
        } else for (const line of readyLines(http.url, cfgPath, run, cfg)) io.out(line);
        await stopped;
      }
    } finally {
      await schedules.stop();
    }
  } finally {
    // Calls in flight answer first (what was sent, what stays approved), their responses leave, then the
    // transports close, and the audit log closes last.
    await app?.drain();
    await new Promise((done) => setTimeout(done, 100));
    await http?.close();
    await app?.close();
    await sandbox?.stop();
  }
  return EXIT.ok;
}
