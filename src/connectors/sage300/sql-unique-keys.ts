/**
 * The keys Sage 300 declares unique, per table the readers page through. Keyset paging is only correct on a total
 * order, so every production keyset must END with one of these keys, column for column in its order (leading columns
 * may precede it, e.g. POSTINGSEQ before GLPOST's primary key); `select()` refuses any other keyset.
 *
 * Sources (tags as in the Sage 300 integration reference, §0):
 * - AOM-GL / AOM-AP / AOM-AR / AOM-PM: the compiled AOM dictionaries, whose key lists mark a key allowing duplicates
 *   with `D`; only keys WITHOUT `D` are listed here (the first is the primary key).
 * - AOM-PO via the reference §5 (the PO dictionary's key list as the reference transcribes it).
 * - AUDIT §5.4 for CSFSC (one row per fiscal year).
 *
 * Keys that allow duplicates are deliberately absent: GLPOST's POSTINGSEQ+BATCHNBR+ENTRYNBR+TRANSNBR is `[D,M]` in
 * AOM-GL (consolidated posting puts several rows on one such key), so it may lead a keyset but never end one.
 */

interface UniqueKeys {
  /** Each an ordered column list that Sage declares unique; the first is the primary key. */
  readonly unique: readonly (readonly string[])[];
  /** Where the key list comes from. */
  readonly source: string;
  /** Why a key not literally in Sage's list is unique anyway (derived keys only). */
  readonly derivation?: string;
}

const SAGE300_UNIQUE_KEYS: Readonly<Record<string, UniqueKeys>> = {
  CSFSC: { unique: [['FSCYEAR']], source: 'AUDIT §5.4 (CSFSC: one row per fiscal year)' },
  GLAMF: { unique: [['ACCTID']], source: 'AOM-GL GLAMF (view GL0001): PK ACCTID; ACCTFMTTD [D,M]' },
  GLBCTL: { unique: [['BATCHID'], ['BATCHSTAT', 'BATCHID']], source: 'AOM-GL GLBCTL (view GL0008): PK BATCHID; BATCHSTAT+BATCHID [M]' },
  GLJEH: { unique: [['BATCHID', 'BTCHENTRY']], source: 'AOM-GL GLJEH (view GL0006): PK BATCHID+BTCHENTRY' },
  GLJED: { unique: [['BATCHNBR', 'JOURNALID', 'TRANSNBR']], source: 'AOM-GL GLJED (view GL0010): PK BATCHNBR+JOURNALID+TRANSNBR' },
  GLPOST: {
    unique: [['ACCTID', 'FISCALYR', 'FISCALPERD', 'SRCECURN', 'SRCELEDGER', 'SRCETYPE', 'POSTINGSEQ', 'CNTDETAIL']],
    source:
      'AOM-GL GLPOST (view GL0018): PK ACCTID+FISCALYR+FISCALPERD+SRCECURN+SRCELEDGER+SRCETYPE+POSTINGSEQ+CNTDETAIL; ' +
      'JRNLDATE+POSTINGSEQ+BATCHNBR+ENTRYNBR+TRANSNBR, POSTINGSEQ+BATCHNBR+ENTRYNBR+TRANSNBR and ACCTID+POSTINGSEQ+… all [D,M]',
  },
  GLAFS: {
    unique: [['ACCTID', 'FSCSYR', 'FSCSDSG', 'FSCSCURN', 'CURNTYPE']],
    source: 'AOM-GL GLAFS (view GL0103): PK ACCTID+FSCSYR+FSCSDSG+FSCSCURN+CURNTYPE; FSCSDSG [D,M]',
  },
  APVEN: { unique: [['VENDORID']], source: 'AOM-AP APVEN (view AP0015): PK VENDORID (reference §3)' },
  APIBC: { unique: [['CNTBTCH']], source: 'AOM-AP APIBC (view AP0020): PK CNTBTCH' },
  APIBH: { unique: [['CNTBTCH', 'CNTITEM']], source: 'AOM-AP APIBH (view AP0021): PK CNTBTCH+CNTITEM; ORIGCOMP+IDVEND+IDINVC [D,M]' },
  APIBD: { unique: [['CNTBTCH', 'CNTITEM', 'CNTLINE']], source: 'AOM-AP APIBD (view AP0022): PK CNTBTCH+CNTITEM+CNTLINE' },
  APOBL: {
    unique: [
      ['IDVEND', 'IDINVC'],
      ['SWPAID', 'IDORDERNBR', 'IDVEND', 'IDINVC'],
    ],
    source: 'AOM-AP APOBL (view AP0025): PK IDVEND+IDINVC; SWPAID+IDORDERNBR+IDVEND+IDINVC [M]; the other keys [D,M]',
  },
  ARCUS: { unique: [['IDCUST'], ['IDACCTSET', 'IDCUST']], source: 'AOM-AR ARCUS (view AR0024): PK IDCUST; IDACCTSET+IDCUST [M]' },
  ARIBC: { unique: [['CNTBTCH']], source: 'AOM-AR ARIBC (view AR0031): PK CNTBTCH' },
  ARIBH: { unique: [['CNTBTCH', 'CNTITEM']], source: 'AOM-AR ARIBH (view AR0032): PK CNTBTCH+CNTITEM; IDCUST+IDINVC [D,M]; IDINVC [D,M]' },
  ARIBD: { unique: [['CNTBTCH', 'CNTITEM', 'CNTLINE']], source: 'AOM-AR ARIBD (view AR0033): PK CNTBTCH+CNTITEM+CNTLINE' },
  AROBL: { unique: [['IDCUST', 'IDINVC'], ['IDINVC']], source: 'AOM-AR AROBL (view AR0036): PK IDCUST+IDINVC; IDINVC (no D)' },
  ARTCR: { unique: [['CODEPYMTYP', 'CNTBTCH', 'CNTITEM']], source: 'AOM-AR ARTCR (view AR0042): PK CODEPYMTYP+CNTBTCH+CNTITEM' },
  ARTCP: { unique: [['CODEPAYM', 'CNTBTCH', 'CNTITEM', 'CNTLINE']], source: 'AOM-AR ARTCP: PK CODEPAYM+CNTBTCH+CNTITEM+CNTLINE' },
  POPORH1: {
    unique: [['PORHSEQ'], ['PONUMBER'], ['VDCODE', 'PORHSEQ'], ['VDCODE', 'PONUMBER']],
    source: 'AOM-PO POPORH1 (view PO0620), reference §5: PK PORHSEQ; unique PONUMBER; keys VDCODE+PORHSEQ, VDCODE+PONUMBER',
  },
  POPORL: {
    unique: [
      ['PORHSEQ', 'PORLREV'],
      ['PORHSEQ', 'PORLSEQ'],
    ],
    source: 'AOM-PO POPORL (view PO0630), reference §5: PK PORHSEQ+PORLREV; unique PORHSEQ+PORLSEQ',
  },
  PORCPH1: {
    unique: [['RCPHSEQ'], ['RCPNUMBER'], ['PONUMBER', 'RCPNUMBER']],
    source: 'AOM-PO PORCPH1 (view PO0700), reference §5: PK RCPHSEQ; unique RCPNUMBER, PONUMBER+RCPNUMBER; index PORHSEQ',
  },
  PORCPL: { unique: [['RCPHSEQ', 'RCPLREV']], source: 'AOM-PO PORCPL, reference §5: PK RCPHSEQ+RCPLREV' },
  PMCONTS: {
    unique: [['CTUNIQ'], ['CONTRACT'], ['CUSTOMER', 'CONTRACT'], ['FMTCONTNO']],
    source: 'AOM-PM PMCONTS (view PM0021): PK CTUNIQ; CONTRACT; CUSTOMER+CONTRACT [M]; FMTCONTNO',
  },
  PMPROJS: { unique: [['CTUNIQ', 'PLINENUM']], source: 'AOM-PM PMPROJS/PMPROJT (view PM0022): PK CTUNIQ+PLINENUM' },
  PMTRAN: {
    unique: [['CONTRACT', 'PROJECT', 'CATEGORY', 'RESOURCE', 'TRANSNUM']],
    source: 'AOM-PM PMTRAN (view PM0111), reference §6: PK CONTRACT+PROJECT+CATEGORY+RESOURCE+TRANSNUM',
  },
  PMBWH: { unique: [['SEQ'], ['WORKID']], source: 'AOM-PM PMBWH (view PM0081): PK SEQ; WORKID' },
  PMBWD: {
    unique: [
      ['SEQ', 'LINENUM'],
      ['WORKID', 'DETAILNUM'],
      ['WORKID', 'LINENUM'],
    ],
    source: 'AOM-PM PMBWD (view PM0082): PK SEQ+LINENUM; WORKID+DETAILNUM; WORKID+CUSTOMER+CONTRACT+PROJECT+CATEGORY+TRANSNUM',
    derivation:
      "WORKID+LINENUM is derived, not in Sage's list: PMBWH declares both SEQ and WORKID unique, so a worksheet's WORKID " +
      'names one SEQ and WORKID+LINENUM names one SEQ+LINENUM. The sandbox has no SEQ column yet (UNCONFIRMED that ' +
      "PMBWD.WORKID always equals its header's); page on SEQ+LINENUM once the schema carries it.",
  },
};

/** The unique keys declared for a table, or undefined when the table has none declared here. */
export function uniqueKeysOf(table: string): readonly (readonly string[])[] | undefined {
  return SAGE300_UNIQUE_KEYS[table]?.unique;
}

/** The declared unique key a keyset ends with (column for column), or undefined. */
export function uniqueSuffixOf(table: string, keyset: readonly string[]): readonly string[] | undefined {
  return uniqueKeysOf(table)?.find((u) => u.length <= keyset.length && u.every((c, i) => keyset[keyset.length - u.length + i] === c));
}
