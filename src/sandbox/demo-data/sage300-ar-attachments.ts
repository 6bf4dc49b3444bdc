import type { GenContext } from './sage300-context.ts';

/**
 * The AR attachment trap (issue 16): the taxed invoice of the doc traps gets two attachment references in its
 * ARIBHO optional fields (AOM AR0402), a delivery note on a file server and a contract in a DMS. Written after every
 * other demo record with fixed values and no PRNG draw, into a table nothing else writes, so no other row changes.
 */

/** Optional fields under which the demo company keeps an AR invoice's attachment references (ARIBHO.OPTFIELD). */
const FIELDS = ['ATTACHMENT', 'ATTACHMENT2'] as const;
const STAMP_TIME = 17300000; // The doc traps' fixed stamp: no PRNG draw.

/** The AR invoice that carries attachment references, and the references. */
export interface ArAttachmentTruth {
  readonly customerId: string;
  readonly documentNumber: string;
  readonly references: readonly string[];
}

/** Writes the ARIBHO rows of `invoice` (an ARIBH entry the doc traps wrote) and returns what they are. */
export function writeArAttachments(
  ctx: GenContext,
  invoice: { readonly customerId: string; readonly documentNumber: string },
): ArAttachmentTruth {
  const entry = ctx.db
    .prepare('SELECT CNTBTCH AS batch, CNTITEM AS item, DATEINVC AS date FROM ARIBH WHERE RTRIM(IDINVC) = ? AND RTRIM(IDCUST) = ?')
    .get(invoice.documentNumber, invoice.customerId) as { batch: number; item: number; date: number } | undefined;
  if (!entry) throw new Error(`AR attachments: no ARIBH entry ${invoice.customerId}/${invoice.documentNumber}`);
  const references = [
    `\\\\fileserver\\scans\\ar\\${ctx.year}\\${invoice.documentNumber}-pod.pdf`,
    `https://dms.example.com/ar/${invoice.documentNumber}/contract.pdf`,
  ];
  FIELDS.forEach((field, k) =>
    ctx.insert('ARIBHO', {
      CNTBTCH: entry.batch,
      CNTITEM: entry.item,
      OPTFIELD: field,
      AUDTDATE: entry.date,
      AUDTTIME: STAMP_TIME,
      AUDTUSER: ctx.user,
      AUDTORG: ctx.orgId,
      VALUE: references[k] ?? '',
      TYPE: 1,
      LENGTH: 60,
      ALLOWNULL: 1,
      SWSET: 1,
    }),
  );
  return { customerId: invoice.customerId, documentNumber: invoice.documentNumber, references };
}
