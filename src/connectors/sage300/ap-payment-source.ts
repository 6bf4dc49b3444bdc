import type { ApSelection } from '../../core/ports/ap-ports.ts';
import type { ApSourcePayment } from '../../core/ports/ap-ports.ts';
import type { ApPayment } from './normalise-ap-pay.ts';
import type { Sage300Reader } from './reader.ts';

function toPayment(p: ApPayment, paymentDate: string, homeCurrency: string): ApSourcePayment {
  return {
    batchType: p.batchType,
    batch: p.batchNumber,
    entry: p.entryNumber,
    vendorId: p.vendorId,
    checkNumber: p.checkNumber,
    paymentDate,
    description: p.description,
    currency: p.currency || homeCurrency,
    homeCurrency,
    amount: p.vendorAmount.toFixed(3),
    homeAmount: p.homeAmount.toFixed(3),
    rate: p.rate.toFixed(),
    rateOperator: String(p.rateOperator || 1),
    rateType: p.rateType,
    rateDate: p.rateDate,
    bankCode: p.bankCode,
    form: p.form,
    applications: p.applications.map((a) => ({
      documentNumber: a.documentNumber,
      amount: a.amount.toFixed(3),
      homeAmount: a.amountHome.toFixed(3),
    })),
  };
}

/** How an approver reads the APTCR entry types sagebridge does not send. */
const NOT_SENT: Readonly<Record<string, string>> = {
  prepayment: 'prepayment',
  apply_document: 'apply-document entry',
  misc_payment: 'miscellaneous payment',
  adjustment: 'adjustment',
};

/**
 * Posted AP payments (APTCR RMITTYPE 1 in an APBTA batch with BATCHSTAT 3, not in an error batch) of a fiscal period
 * (APTCR FISCYR/FISCPER) or a payment-date range, in payment-date order. Prepayments, apply-document entries,
 * miscellaneous payments and adjustments are not sent (they have no bill to name; see the README's AP payments), but
 * as the GL sync leaves the AP ledger out, each posted one in the selection is returned as `notReplicated`, so it
 * becomes an exception instead of reaching Intacct by neither road.
 */
export async function readApPayments(
  reader: Sage300Reader,
  selection: ApSelection,
  homeCurrency: string,
): Promise<{
  payments: ApSourcePayment[];
  rowErrors: { key: string; message: string }[];
  notReplicated: { key: string; message: string; fix: string }[];
}> {
  const payments: ApSourcePayment[] = [];
  const rowErrors: { key: string; message: string }[] = [];
  const notReplicated: { key: string; message: string; fix: string }[] = [];
  for await (const r of reader.ap.payments()) {
    if (!r.ok) {
      rowErrors.push({ key: `${r.error.table}:${r.error.key}`, message: r.error.message });
      continue;
    }
    const p = r.value;
    if (p.batchStatus !== 'posted' || p.errorEntry !== 0) continue;
    const inSelection =
      selection.kind === 'period'
        ? Number(p.fiscalYear) === selection.year && Number(p.fiscalPeriod) === selection.period
        : p.paymentDate !== null && p.paymentDate >= selection.from && p.paymentDate <= selection.to;
    if (!inSelection) continue;
    if (p.type !== 'payment') {
      const what = NOT_SENT[p.type] ?? p.type;
      notReplicated.push({
        key: `APTCR:${p.batchType.trim()}-${p.batchNumber}-${p.entryNumber}`,
        message: `Sage 300 AP ${what} ${p.checkNumber.trim() || `entry ${p.batchNumber}-${p.entryNumber}`} of vendor ${p.vendorId.trim()} (${p.vendorAmount.toFixed(2)} ${p.currency || homeCurrency}) is not sent to Intacct: replicate_ap_invoices sends bills and the payments that pay them, and the GL sync leaves the AP ledger out`,
        fix: `record the ${what} in Intacct by hand (for a prepayment, an AP advance), then resolve this exception`,
      });
      continue;
    }
    if (p.paymentDate === null) {
      rowErrors.push({ key: `APTCR:${p.batchType.trim()}-${p.batchNumber}-${p.entryNumber}`, message: 'DATERMIT is 0 (no payment date)' });
      continue;
    }
    payments.push(toPayment(p, p.paymentDate, homeCurrency));
  }
  payments.sort((a, b) => a.paymentDate.localeCompare(b.paymentDate) || a.batch - b.batch || a.entry - b.entry);
  return { payments, rowErrors, notReplicated };
}
