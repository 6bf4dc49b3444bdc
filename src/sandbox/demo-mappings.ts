import { fileURLToPath } from 'node:url';

/** The demo mapping set shipped in the repository (used by the sandbox, and by tests that build one). */
export const DEMO_MAPPINGS_DIR = fileURLToPath(new URL('../../mappings', import.meta.url));
