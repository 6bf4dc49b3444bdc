/**
 * Checkpoint sinks against loopback collectors: an HTTP collector (POST stores, GET returns JSON Lines) and an
 * RFC 5424 syslog collector over UDP and over TCP (octet counting, RFC 6587). The collectors parse what they
 * receive by the RFCs' grammar, not by the sender's code, and the verifier then checks the log against what each
 * collector kept.
 */
import { createServer, type Server } from 'node:http';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAgainstCheckpoints } from '../../audit/verify/verify-checkpoints.ts';
import { parseConfig, type Config } from '../../src/platform/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import {
  checkpointSettings,
  configuredSigningKey,
  configuredSinks,
  configuredVerifyKey,
  createCheckpointer,
} from '../../src/server/audit-checkpoint.ts';
import { openAuditLog } from '../../src/server/audit-log.ts';

/** RFC 5424 §6: HEADER (PRI VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID) SP STRUCTURED-DATA [SP MSG]. */
const RFC5424 = /^<(\d{1,3})>1 (\S+) (\S{1,255}) (\S{1,48}) (\S{1,128}) (\S{1,32}) (-|\[.*?\])(?: (.*))?$/s;

interface SyslogMessage {
  pri: number;
  timestamp: string;
  appName: string;
  msgId: string;
  msg: string;
  raw: string;
}

function parseSyslog(raw: string): SyslogMessage {
  const m = RFC5424.exec(raw);
  if (!m) throw new Error(`not an RFC 5424 message: ${raw}`);
  return { pri: Number(m[1]), timestamp: m[2]!, appName: m[4]!, msgId: m[6]!, msg: m[8] ?? '', raw };
}

let dir: string;
let http: Server;
let httpBase: string;
let httpStatus = 200;
const posted: string[] = [];
let udp: UdpSocket;
const udpMessages: SyslogMessage[] = [];
let tcp: TcpServer;
const tcpMessages: SyslogMessage[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-checkpoint-sinks-'));
  http = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/checkpoints') {
        if (httpStatus === 200) posted.push(body);
        res.writeHead(httpStatus).end();
      } else if (req.method === 'GET' && req.url === '/checkpoints') {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(posted.map((p) => `${p}\n`).join(''));
      } else res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  httpBase = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  udp = createSocket('udp4');
  udp.on('message', (m) => udpMessages.push(parseSyslog(m.toString('utf8'))));
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  tcp = createTcpServer((socket) => {
    let buffer = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      buffer = Buffer.concat([buffer, d]);
      // RFC 6587 §3.4.1 octet counting: MSG-LEN SP SYSLOG-MSG.
      for (;;) {
        const space = buffer.indexOf(0x20);
        if (space < 0) break;
        const length = Number(buffer.subarray(0, space).toString('ascii'));
        if (buffer.length < space + 1 + length) break;
        tcpMessages.push(parseSyslog(buffer.subarray(space + 1, space + 1 + length).toString('utf8')));
        buffer = buffer.subarray(space + 1 + length);
      }
    });
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => http.close(resolve));
  udp.close();
  await new Promise((resolve) => tcp.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function config(extraSinks: unknown[] = []): Config {
  const stateDir = mkdtempSync(join(dir, 'state-'));
  return parseConfig(
    {
      stateDir,
      logLevel: 'silent',
      audit: {
        checkpoints: {
          sinks: [
            { type: 'file', path: join(stateDir, 'elsewhere', 'checkpoints.jsonl') },
            { type: 'webhook', url: `${httpBase}/checkpoints`, readUrl: `${httpBase}/checkpoints` },
            { type: 'syslog', host: '127.0.0.1', port: udp.address().port, protocol: 'udp' },
            { type: 'syslog', host: '127.0.0.1', port: (tcp.address() as AddressInfo).port, protocol: 'tcp' },
            ...extraSinks,
          ],
        },
      },
    },
    'test',
    {},
  );
}

const waitFor = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('checkpoint sinks', () => {
  it('writes one signed checkpoint to the file, the webhook and syslog over UDP and TCP, each verifiable', async () => {
    const cfg = config();
    const path = join(cfg.stateDir, 'audit.db');
    const log = openAuditLog(path);
    for (let i = 0; i < 7; i++)
      log.append({ kind: 'tool_call', principal: 'a', action: 't', decision: 'allowed', outcome: 'ok', detail: { i } });
    const settings = checkpointSettings(cfg);
    const checkpointer = createCheckpointer({
      audit: log,
      key: configuredSigningKey(cfg, {}),
      sinks: configuredSinks(settings),
      intervalMs: 60_000,
      log: silentLogger(),
    });
    const before = { posted: posted.length, udp: udpMessages.length, tcp: tcpMessages.length };
    const { checkpoint, failures } = await checkpointer.checkpoint('test');
    await checkpointer.close();
    log.close();
    expect(failures).toEqual([]);
    expect(checkpoint.seq).toBe(7);
    await waitFor(() => udpMessages.length > before.udp && tcpMessages.length > before.tcp);

    // The generated key: private 0600 in the data folder, public beside it.
    expect(statSync(join(cfg.stateDir, 'audit-signing-key.pem')).mode & 0o777).toBe(0o600);
    const key = configuredVerifyKey(cfg, {})!;

    const file = readFileSync(join(cfg.stateDir, 'elsewhere', 'checkpoints.jsonl'), 'utf8');
    expect(verifyAgainstCheckpoints(path, file, key)).toMatchObject({ status: 'covered', latest: { seq: 7 } });

    expect(posted.length).toBe(before.posted + 1);
    const fetched = await (await fetch(`${httpBase}/checkpoints`)).text();
    expect(verifyAgainstCheckpoints(path, fetched, key)).toMatchObject({ status: 'covered', latest: { seq: 7 } });

    for (const [transport, messages] of [
      ['udp', udpMessages.slice(before.udp)],
      ['tcp', tcpMessages.slice(before.tcp)],
    ] as const) {
      expect(messages, transport).toHaveLength(1);
      const m = messages[0]!;
      expect({ pri: m.pri, appName: m.appName, msgId: m.msgId }).toEqual({ pri: 109, appName: 'sagebridge', msgId: 'audit-checkpoint' });
      expect(Number.isNaN(Date.parse(m.timestamp))).toBe(false);
      // A collector's file of raw messages is accepted as it is.
      const exported = join(dir, `syslog-${transport}.log`);
      writeFileSync(exported, `${m.raw}\n`);
      expect(verifyAgainstCheckpoints(path, readFileSync(exported, 'utf8'), key), transport).toMatchObject({ status: 'covered' });
    }
  });

  it('reports a sink that refuses and still writes the others', async () => {
    const cfg = config();
    const log = openAuditLog(join(cfg.stateDir, 'audit.db'));
    log.append({ kind: 'report', principal: 'system', action: 'r', decision: 'n/a', outcome: 'ok', detail: {} });
    const checkpointer = createCheckpointer({
      audit: log,
      key: configuredSigningKey(cfg, {}),
      sinks: configuredSinks(checkpointSettings(cfg)),
      intervalMs: 60_000,
      log: silentLogger(),
    });
    httpStatus = 503;
    try {
      const { failures } = await checkpointer.checkpoint('test');
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatch(/webhook http:\/\/127\.0\.0\.1:\d+\/checkpoints answered HTTP 503/);
    } finally {
      httpStatus = 200;
      await checkpointer.close();
      log.close();
    }
    expect(
      readFileSync(join(cfg.stateDir, 'elsewhere', 'checkpoints.jsonl'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(1);
  });

  it('refuses a file sink that is the audit database itself, and unknown keys', () => {
    const cfg = config();
    const same = {
      ...cfg,
      audit: {
        ...cfg.audit,
        checkpoints: { ...cfg.audit.checkpoints!, sinks: [{ type: 'file' as const, path: join(cfg.stateDir, 'audit.db') }] },
      },
    };
    expect(() => checkpointSettings(same)).toThrow(/is the audit database itself/);
    expect(() => parseConfig({ audit: { checkpoints: { sinks: [{ type: 'file', path: 'x', mode: 1 }] } } }, 'test', {})).toThrow(/mode/);
    expect(() => parseConfig({ audit: { checkpoints: { keyfile: 'x' } } }, 'test', {})).toThrow(/keyfile/);
    expect(() => parseConfig({ audit: { checkpoints: { sinks: [{ type: 'syslog', host: 'h', protocol: 'sctp' }] } } }, 'test', {})).toThrow(
      /protocol/,
    );
  });
});
