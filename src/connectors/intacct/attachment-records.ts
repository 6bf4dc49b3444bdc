import { SUPDOC_FIELD } from '../../core/ports/supdoc-ports.ts';
import type { JsonValue } from '../../domain/json.ts';
import type { IntacctClient } from './client.ts';
import { fn } from './functions.ts';
import type { FunctionResult, IntacctFunction, IntacctRecord, Outcome } from './types.ts';

/** One document write's outcome, with why its attachment record was refused (empty when it was made or already there). */
export interface DocumentResult {
  readonly result: Outcome<FunctionResult>;
  readonly supdocNote: string;
}

/**
 * Sends document creates (AP bills, AR invoices) in one request, each right after its attachment record (create_supdoc)
 * when its payload carries one under SUPDOC_FIELD: Intacct runs a request's functions in order, and the document's
 * SUPDOCID / supdocid must name an existing record. The record never goes out as a field of the document. A record
 * already there under the same id (an earlier attempt made it) serves the document again.
 */
export async function executeWithAttachmentRecords(
  client: IntacctClient,
  writes: readonly { readonly idempotencyKey: string; readonly payload: JsonValue }[],
  build: (document: IntacctRecord, k: number) => IntacctFunction,
): Promise<DocumentResult[]> {
  const functions: IntacctFunction[] = [];
  const documentAt: number[] = [];
  const supdocAt = new Map<number, number>();
  for (const [k, w] of writes.entries()) {
    const { [SUPDOC_FIELD]: supdoc, ...document } = w.payload as IntacctRecord;
    if (supdoc && typeof supdoc === 'object' && !Array.isArray(supdoc)) {
      supdocAt.set(k, functions.length);
      functions.push(fn.createSupdoc(supdoc as IntacctRecord, { idempotencyKey: `${w.idempotencyKey}:supdoc` }));
    }
    documentAt.push(functions.length);
    functions.push(build(document, k));
  }
  const all = await client.execute(functions);
  return documentAt.map((at, k) => {
    const s = supdocAt.has(k) ? all[supdocAt.get(k)!] : undefined;
    return {
      result: all[at]!,
      supdocNote: s && !s.ok && s.error.code !== 'duplicate' ? ` (its attachment record was refused: ${s.error.message})` : '',
    };
  });
}
