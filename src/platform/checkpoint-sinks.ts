import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { redactUrlCredentials } from './redaction.ts';

/** A place outside the audit database that receives one line of text (a signed checkpoint) at a time. */
export interface LineSink {
  /** Where it goes, safe to log (URL passwords masked). */
  readonly name: string;
  /** Resolves once the line is durably handed over (fsynced, answered 2xx, sent); rejects with a one-line reason. */
  write(line: string): Promise<void>;
}

/** Appends each line to a JSON Lines file and fsyncs it before resolving. */
export function fileLineSink(path: string): LineSink {
  return {
    name: `file ${path}`,
    write(line) {
      return new Promise((resolve, reject) => {
        try {
          mkdirSync(dirname(path), { recursive: true });
          const fd = openSync(path, 'a', 0o644);
          try {
            writeSync(fd, `${line}\n`);
            fsyncSync(fd);
          } finally {
            closeSync(fd);
          }
          resolve();
        } catch (err) {
          reject(new Error(`cannot append to ${path}: ${(err as Error).message}`));
        }
      });
    },
  };
}

/** POSTs each line (a JSON object) to a URL; anything but a 2xx answer is a failure. */
export function webhookLineSink(url: string, timeoutMs: number): LineSink {
  const name = `webhook ${redactUrlCredentials(url)}`;
  return {
    name,
    async write(line) {
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          body: line,
          headers: { 'content-type': 'application/json' },
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        throw new Error(`${name}: ${(err as Error).message}`);
      }
      await res.arrayBuffer().catch(() => undefined);
      if (res.status < 200 || res.status > 299) throw new Error(`${name} answered HTTP ${res.status}`);
    },
  };
}

/** Facility 13 ("log audit", RFC 5424 table 1) and severity 5 (notice): PRI = 13 * 8 + 5. */
const SYSLOG_PRI = 109;

/** HOSTNAME of RFC 5424: printable US-ASCII without spaces, at most 255 characters; NILVALUE otherwise. */
function syslogHostname(): string {
  const name = hostname();
  return /^[\x21-\x7e]{1,255}$/.test(name) ? name : '-';
}

/**
 * Sends each line as the MSG of an RFC 5424 syslog message (APP-NAME sagebridge, MSGID audit-checkpoint, no
 * structured data), over UDP (one datagram) or TCP (octet-counting framing of RFC 6587, one connection per message).
 */
export function syslogLineSink(host: string, port: number, protocol: 'udp' | 'tcp', timeoutMs = 5000): LineSink {
  const name = `syslog ${protocol}://${host}:${port}`;
  const message = (line: string) =>
    `<${SYSLOG_PRI}>1 ${new Date().toISOString()} ${syslogHostname()} sagebridge ${process.pid} audit-checkpoint - ${line}`;
  return {
    name,
    write(line) {
      const text = Buffer.from(message(line), 'utf8');
      return new Promise((resolve, reject) => {
        const fail = (err: Error) => reject(new Error(`${name}: ${err.message}`));
        if (protocol === 'udp') {
          const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
          socket.send(text, port, host, (err) => {
            socket.close();
            if (err) fail(err);
            else resolve();
          });
          return;
        }
        const socket = connect({ host, port });
        socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no connection within ${timeoutMs} ms`)));
        socket.once('error', fail);
        socket.once('connect', () => socket.end(Buffer.concat([Buffer.from(`${text.length} `, 'ascii'), text]), () => resolve()));
      });
    },
  };
}
