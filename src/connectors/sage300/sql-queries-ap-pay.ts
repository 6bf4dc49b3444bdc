/**
 * AP payment queries (reference sage300.md §3 "Payments"; AOM AP0030/AP0031/AP0033): payment entries with their
 * batch status, and the documents each applies to. Declared once for both dialects.
 */
import { childSpecs, columns, key, select, type SelectSpec } from './sql-statement.ts';

/** APTCR entries with the status of their APBTA batch (LEFT JOIN: an entry whose batch is gone reads as no status). */
export const APTCR_ALL: SelectSpec = select({
  name: 'aptcr',
  table: 'APTCR',
  alias: 'r',
  select: columns(
    'r',
    `BTCHTYPE c, CNTBTCH n, CNTENTR n, b.BATCHSTAT n, IDVEND c, IDRMIT c, DATERMIT n, TEXTRMIT c, RMITTYPE n,
    AMTRMIT a, AMTRMITTC a, AMTRMITHC a, CODECURN c, RATEEXCHTC a, RATETYPETC c, DATERATETC n, OPERVEND n,
    IDBANK c, PAYMTYPE n, FISCYR c, FISCPER c, DATEBUS n, ERRENTRY n, DOCNBR c`,
  ),
  joins: [
    {
      table: 'APBTA',
      alias: 'b',
      on: [
        [
          { alias: 'b', col: 'PAYMTYPE' },
          { alias: 'r', col: 'BTCHTYPE' },
        ],
        [
          { alias: 'b', col: 'CNTBTCH' },
          { alias: 'r', col: 'CNTBTCH' },
        ],
      ],
    },
  ],
  key: key('r', 'BTCHTYPE c2, CNTBTCH dec0, CNTENTR dec0'),
});

/** APTCP applications (children of APTCR: BATCHTYPE/CNTBTCH/CNTRMIT are the entry's key). */
export const APTCP = childSpecs(
  select({
    name: 'aptcp',
    table: 'APTCP',
    alias: 'p',
    select: columns('p', 'BATCHTYPE c, CNTBTCH n, CNTRMIT n, CNTLINE n, IDINVC c, AMTPAYM a, AMTPAYMHC a'),
    key: key('p', 'BATCHTYPE c2, CNTBTCH dec0, CNTRMIT dec0, CNTLINE dec0'),
  }),
  ['BATCHTYPE', 'CNTBTCH', 'CNTRMIT'],
);

export const AP_PAY_SPECS: readonly SelectSpec[] = [APTCR_ALL, APTCP.range, APTCP.exact];
