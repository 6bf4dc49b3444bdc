/**
 * Payload key of a document's attachment record (create_supdoc fields: supdocid, supdocname, supdocfoldername,
 * supdocdescription) on an AP bill or AR invoice write: the target creates the record just before the document, in
 * the same request, and never sends this key as a field of the document.
 */
export const SUPDOC_FIELD = 'SAGE300_SUPDOC';
