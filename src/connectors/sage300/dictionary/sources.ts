/**
 * Where the dictionary's tables come from. The "compiled AOM dictionary" files list, per Sage 300 view, the key list
 * and every field with its AOM type; they are compiled from Sage's Application Object Model and found through the
 * code index (reference: /work/shared/reference/sage300.md §0, tags AOM-GL/AP/AR/PO/PM). The index gives their file
 * ids, not their repository.
 */
const aom = (module: string, fileId: string): string =>
  `Sage 300 AOM, ${module} module (compiled AOM dictionary, code index file id ${fileId}; reference sage300.md §0 AOM-${module})`;

export const AOM_CS = aom('CS', '70108476411');
export const AOM_GL = aom('GL', '70354114288');
export const AOM_AP = aom('AP', '70539747905');
export const AOM_AR = aom('AR', '70085629028');
export const AOM_PO = aom('PO', '70525170098');
export const AOM_PM = aom('PM', '70199188473');
