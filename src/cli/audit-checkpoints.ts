import { existsSync, readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { Command } from 'commander';
import { AuditFileError, checkpointLine, publicKeyFromPem } from '../../audit/schema/index.ts';
import {
  formatCheckpointVerdict,
  readCheckpointSource,
  verifyAgainstCheckpoints,
  type CheckpointVerdict,
} from '../../audit/verify/verify-checkpoints.ts';
import { auditPath, type Config } from '../platform/config.ts';
import { silentLogger } from '../platform/logger.ts';
import {
  checkpointSettings,
  configuredSigningKey,
  configuredSinks,
  configuredVerifyKey,
  createCheckpointer,
} from '../server/audit-checkpoint.ts';
import { openAuditLog } from '../server/audit-log.ts';
import { UsageError } from './args.ts';
import type { CliHost, CliIo } from './context.ts';
import { EXIT } from './exit-codes.ts';

/** `audit verify` flags about checkpoints (`--no-checkpoints` makes `checkpoints` false). */
export interface CheckpointOptions {
  checkpoints?: string[] | false;
  publicKey?: string;
}

function publicKeyOf(config: Config, file: string | undefined): KeyObject | undefined {
  if (file === undefined) return configuredVerifyKey(config);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--public-key ${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return publicKeyFromPem(text, `--public-key ${file}`);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/**
 * Checks the log against checkpoints: those of `--checkpoints`, else those of the configured sinks that can be read
 * back (file sinks, webhooks with a readUrl). Without any checkpoint to read, says on stderr that the tail was not
 * checked and returns undefined.
 */
export async function verifyWithCheckpoints(
  config: Config,
  path: string,
  options: CheckpointOptions,
  io: CliIo,
): Promise<{ verdict: CheckpointVerdict; lines: string[] } | undefined> {
  const explicit = Array.isArray(options.checkpoints) ? options.checkpoints : undefined;
  const settings = checkpointSettings(config);
  const sources = explicit ?? settings.readSources.filter((s) => /^https?:\/\//i.test(s) || existsSync(s));
  if (sources.length === 0) {
    io.err(
      settings.readSources.length === 0
        ? 'sagebridge: no configured checkpoint sink can be read back (syslog, webhook without readUrl): the tail of the log was not checked; use --checkpoints FILE|URL'
        : `sagebridge: no checkpoints yet at ${settings.readSources.join(', ')}: the tail of the log was not checked`,
    );
    return undefined;
  }
  const key = publicKeyOf(config, options.publicKey);
  if (!key)
    throw new UsageError(
      'no public key to check the checkpoints with: pass --public-key FILE or set audit.checkpoints.publicKeyFile (or keyFile)',
    );
  const texts = await Promise.all(sources.map((s) => readCheckpointSource(s)));
  const verdict = verifyAgainstCheckpoints(path, texts.join('\n'), key);
  return { verdict, lines: formatCheckpointVerdict(verdict) };
}

/** `sagebridge audit checkpoint`: signs the log's current head and writes it to every configured sink now. */
export function checkpointCommand(host: CliHost): Command {
  return new Command('checkpoint')
    .description("Sign the audit log's current last row (seq, hash, time) and write it to every configured checkpoint sink")
    .action(async () => {
      const { config, io } = host.session();
      const path = auditPath(config);
      if (!existsSync(path))
        throw new AuditFileError('missing', `no audit log at ${path} (audit.path in the configuration; default STATEDIR/audit.db)`);
      const log = openAuditLog(path);
      try {
        const settings = checkpointSettings(config);
        const checkpointer = createCheckpointer({
          audit: log,
          key: configuredSigningKey(config),
          sinks: configuredSinks(settings),
          intervalMs: settings.intervalMs,
          log: silentLogger(),
        });
        const { checkpoint, failures } = await checkpointer.checkpoint('on demand');
        await checkpointer.close();
        io.out(checkpointLine(checkpoint));
        for (const failure of failures) io.err(`sagebridge: ${failure}`);
        io.err(
          `Checkpoint of seq ${checkpoint.seq} written to ${settings.sinks.length - failures.length} of ${settings.sinks.length} sinks`,
        );
        host.done(failures.length > 0 ? EXIT.internal : EXIT.ok);
      } finally {
        log.close();
      }
    });
}
