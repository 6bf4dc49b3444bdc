#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so a checkout works after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
// A reader that stops early (`sagebridge --help | head`) closes the pipe: that ends output, not the program with a trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
