/**
 * Names every consumer of the redaction vocabulary must mask (logs, XML in logs, tool arguments, audit rows), in
 * the spellings they arrive in: camelCase from config and tools, upper case from Intacct, snake_case from SQL.
 */
export const SENSITIVE_NAMES = [
  'password',
  'senderPassword',
  'userPassword',
  'sessionId',
  'sessionid',
  'token',
  'apiToken',
  'Authorization',
  'clientSecret',
  'apiKey',
  'SAGEBRIDGE_AUDIT_SIGNING_KEY',
  'signingKey',
  'bankAccountNumber',
  'ACHACCOUNTNUMBER',
  'ACHBANKROUTINGNUMBER',
  'WIREACCOUNTNUMBER',
  'account_number',
  'routingNumber',
  'iban',
  'IBAN',
  'swift',
  'SWIFTCODE',
  'bic',
  'swift_bic',
  'TAXID',
] as const;

/** Names that look close but carry ordinary data, which must stay readable. */
export const ORDINARY_NAMES = ['name', 'vendorId', 'amount', 'account', 'ACCOUNTNO', 'public', 'processName', 'memo', 'status'] as const;

/** A distinct value per name, so a leak names the field it came from. */
export const secretFor = (name: string): string => `s3cr3t-${name}`;
