import { z } from 'zod';

/** Where checkpoints of the audit log are written, besides (or instead of) the default file. */
const checkpointSinkSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('file'),
      /** Append-only JSON Lines file; must not be the audit database itself. */
      path: z.string().min(1),
    })
    .strict(),
  z
    .object({
      type: z.literal('webhook'),
      /** Each checkpoint is POSTed here as one JSON object. */
      url: z.url({ message: 'expected an http(s) URL that accepts a POSTed JSON checkpoint' }),
      /** Where `audit verify` reads the checkpoints back (GET: JSON Lines or a JSON array); without it the sink is write-only. */
      readUrl: z.url({ message: 'expected an http(s) URL that returns the checkpoints' }).optional(),
      timeoutMs: z.number().int().min(100).max(60_000).default(5000),
    })
    .strict(),
  z
    .object({
      type: z.literal('syslog'),
      /** RFC 5424 syslog collector; write-only (export the collector's messages to a file to verify against them). */
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535).default(514),
      protocol: z.enum(['udp', 'tcp']).default('udp'),
    })
    .strict(),
]);

/** `audit.checkpoints`: signed checkpoints of the audit log's head, kept outside the audit database. */
export const auditCheckpointsSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** A checkpoint is also written at this interval when rows were added (and at every change-set decision, and at shutdown). */
    intervalSeconds: z.number().int().min(1).max(86_400).default(300),
    /** PEM (PKCS#8) Ed25519 private key; else $SAGEBRIDGE_AUDIT_SIGNING_KEY; else STATEDIR/audit-signing-key.pem, generated on first start. */
    keyFile: z.string().min(1).optional(),
    /** PEM public key `audit verify` checks signatures with, for a machine that does not hold the private key. */
    publicKeyFile: z.string().min(1).optional(),
    /** Default: one file sink, AUDITPATH.checkpoints.jsonl (next to the audit database, outside it). */
    sinks: z.array(checkpointSinkSchema).min(1).optional(),
  })
  .strict();

export type CheckpointSinkConfig = z.infer<typeof checkpointSinkSchema>;
