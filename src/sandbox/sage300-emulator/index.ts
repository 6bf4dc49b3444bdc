/** Sage 300 Web API emulator (sandbox). Serves the same SQLite company database the SQL reader reads. */
export { startSage300Emulator } from './server.ts';
export type { Sage300Emulator } from './server.ts';
