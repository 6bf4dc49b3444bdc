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

/**
 * Posted AP payments (APTCR RMITTYPE 1 in an APBTA batch with BATCHSTAT 3, not in an error batch) of a fiscal period
 * (APTCR FISCYR/FISCPER) or a payment-date range, in payment-date order. Prepayments, apply-document entries,
 * miscellaneous payments and adjustments are not read: they have no bill to name (see the README's AP payments).
 */
export async function readApPayments(
  reader: Sage300Reader,
  selection: ApSelection,
  homeCurrency: string,
): Promise<{ payments: ApSourcePayment[]; rowErrors: { key: string; message: string }[] }> {
  const payments: ApSourcePayment[] = [];
  const rowErrors: { key: string; message: string }[] = [];
  for await (const r of reader.ap.payments()) {
    if (!r.ok) {
      rowErrors.push({ key: `${r.error.table}:${r.error.key}`, message: r.error.message });
      continue;
    }
    const p = r.value;
    if (p.type !== 'payment' || p.batchStatus !== 'posted' || p.errorEntry !== 0) continue;
    const inSelection =
      selection.kind === 'period'
        ? Number(p.fiscalYear) === selection.year && Number(p.fiscalPeriod) === selection.period
        : p.paymentDate !== null && p.paymentDate >= selection.from && p.paymentDate <= selection.to;
    if (!inSelection) continue;
    if (p.paymentDate === null) {
      rowErrors.push({ key: `APTCR:${p.batchType.trim()}-${p.batchNumber}-${p.entryNumber}`, message: 'DATERMIT is 0 (no payment date)' });
      continue;
    }
    payments.push(toPayment(p, p.paymentDate, homeCurrency));
  }
  payments.sort((a, b) => a.paymentDate.localeCompare(b.paymentDate) || a.batch - b.batch || a.entry - b.entry);
  return { payments, rowErrors };
}
