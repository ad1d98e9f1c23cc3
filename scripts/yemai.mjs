#!/usr/bin/env node
// The package bin. The CLI is TypeScript run as-is (no build step), so load it through tsx's
// ESM loader; scripts/cli.ts sets process.exitCode, which becomes this process's exit status.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./cli.ts', import.meta.url).href);
