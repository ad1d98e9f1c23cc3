import { resolve } from 'node:path';

export const MIGRATIONS_FOLDER = resolve(import.meta.dirname, 'migrations');
