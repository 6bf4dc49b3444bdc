import { parseConfig, type Config } from '../platform/config.ts';
import { SandboxError, startSandbox, type Sandbox } from '../sandbox/sandbox.ts';
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

function readyLines(url: string, configPath: string | undefined, sandbox: Sandbox | undefined, config: Config): string[] {
  const lines = [`sagebridge MCP server (Streamable HTTP) at ${url}`];
  if (configPath) lines.push(`Configuration: ${configPath}`);
  if (sandbox) {
    lines.push('', 'Sandbox principals (bearer tokens):');
    for (const p of config.principals)
      lines.push(`  ${p.name.padEnd(10)} ${p.roles.join(',').padEnd(10)} ${sandbox.prepared.tokens[p.name] ?? '(no token)'}`);
    const analyst = sandbox.prepared.tokens.analyst ?? '';
    lines.push(
      '',
      'MCP client configuration (as analyst; swap the token to act as another principal):',
      JSON.stringify(clientConfig(url, analyst), null, 2),
    );
    lines.push('', `Sage Intacct emulator: ${sandbox.intacct.endpoint}`, `Sage 300 Web API:      ${sandbox.sage300.baseUrl}`);
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
  data: string;
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
    .option('--data <dir>', 'sandbox data folder; ignored with --config', './.sagebridge')
    .addHelpText(
      'after',
      `
Without --config (and without $SAGEBRIDGE_CONFIG) it starts the sandbox first: both emulators, the demo companies,
demo mappings and demo principals, with state under ./.sagebridge.`,
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

  let sandbox: Sandbox | undefined;
  let cfg = config;
  let cfgPath = configPath;
  if (configPath === undefined) {
    try {
      sandbox = await startSandbox({ dataDir: values.data, mappingsDir: DEMO_MAPPINGS_DIR, log: io.log });
    } catch (err) {
      if (err instanceof SandboxError) throw new UsageError(err.message);
      throw err;
    }
    cfg = parseConfig(sandbox.config, sandbox.configPath, {});
    cfgPath = sandbox.configPath;
  }
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
              { roles: p.roles, ...(sandbox?.prepared.tokens[p.name] ? { token: sandbox.prepared.tokens[p.name] } : {}) },
            ]),
          );
          io.out(
            JSON.stringify({
              ready: true,
              url: http.url,
              config: cfgPath ?? null,
              principals,
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
        } else for (const line of readyLines(http.url, cfgPath, sandbox, cfg)) io.out(line);
        await stopped;
      }
    } finally {
      await schedules.stop();
    }
  } finally {
    await http?.close();
    await app?.close();
    await sandbox?.stop();
  }
  return EXIT.ok;
}
