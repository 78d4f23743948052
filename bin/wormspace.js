#!/usr/bin/env node
// The `wormspace` command. The sources are TypeScript run through tsx (a dependency), so a fresh
// clone needs no build step: `npm ci` and then `npx wormspace ...`.
import { register } from 'tsx/esm/api';

register();
// Quiet on a closed pipe (`wormspace ... | head`): see src/cli/epipe.ts.
const { quietOnEpipe } = await import('../src/cli/epipe.ts');
quietOnEpipe();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
