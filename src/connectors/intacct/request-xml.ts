/** Request envelope (DTD 3.0). Element order matters: the gateway validates it against the schema. */
import { XMLBuilder } from 'fast-xml-parser';
import type { IntacctFunction } from './types.ts';
import { el, leaf, serializeNodes, UnsupportedXmlNode, type XmlNode } from './xml-tree.ts';

export type RequestAuth = { sessionId: string } | { userId: string; companyId: string; password: string; locationId?: string };

export interface RequestSpec {
  senderId: string;
  senderPassword: string;
  controlId: string;
  uniqueId: boolean;
  transaction: boolean;
  auth: RequestAuth;
  functions: IntacctFunction[];
}

// The fallback for trees `serializeNodes` does not handle. Stateless after construction, so one module-level
// instance is not an import-time side effect worth avoiding.
const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
  format: false,
  processEntities: true,
});

function authNode(auth: RequestAuth): XmlNode {
  if ('sessionId' in auth) return el('authentication', [leaf('sessionid', auth.sessionId)]);
  const login = [leaf('userid', auth.userId), leaf('companyid', auth.companyId), leaf('password', auth.password)];
  if (auth.locationId !== undefined && auth.locationId !== '') login.push(leaf('locationid', auth.locationId));
  return el('authentication', [el('login', login)]);
}

export function buildRequestXml(req: RequestSpec): string {
  const control = el('control', [
    leaf('senderid', req.senderId),
    leaf('password', req.senderPassword),
    leaf('controlid', req.controlId),
    leaf('uniqueid', String(req.uniqueId)),
    leaf('dtdversion', '3.0'),
    leaf('includewhitespace', 'false'),
  ]);
  const content = el(
    'content',
    req.functions.map((f) => el('function', [f.body as XmlNode], { controlid: f.controlId })),
  );
  const operation = el('operation', [authNode(req.auth), content], { transaction: String(req.transaction) });
  const tree: XmlNode[] = [
    { '?xml': [{ '#text': '' }], ':@': { '@_version': '1.0', '@_encoding': 'UTF-8' } },
    el('request', [control, operation]),
  ];
  try {
    return serializeNodes(tree);
  } catch (error) {
    if (!(error instanceof UnsupportedXmlNode)) throw error;
    return builder.build(tree);
  }
}
