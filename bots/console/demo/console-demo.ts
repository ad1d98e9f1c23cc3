import type { Readable, Writable } from 'node:stream';
import type { Db } from '../../../db/client';
import type { Runtime } from '../../../src/app/runtime';
import type { ControllableClock } from '../../../src/clock';
import { ConsoleAdapter } from '../console.adapter';
import { DemoControls } from './demo-controls';
import { demoDirectory } from './demo-directory';

export type ConsoleDemoOptions = {
  db: Db;
  clock: ControllableClock;
  input: Readable;
  output: Writable;
  /** The Runtime the console is one adapter of: it takes its adapters when built, so it is looked up on first use. */
  runtime: () => Runtime | undefined;
  persona?: string;
  chat?: string;
  filesDir?: string;
};

/** The zero-config demo: a console whose personas and chats are the database's, and whose clock `.advance` moves. */
export function consoleDemo(opts: ConsoleDemoOptions): ConsoleAdapter {
  const started = (): Runtime => {
    const r = opts.runtime();
    if (!r) throw new Error('the console was used before its Runtime was built');
    return r;
  };
  const controls = new DemoControls({
    directory: demoDirectory(opts.db),
    clock: opts.clock,
    persona: opts.persona,
    chat: opts.chat,
    advance: (from, to) => started().advance(from, to),
    deliver: async () => {
      await started().dispatcher.drain();
    },
  });
  return new ConsoleAdapter({ input: opts.input, output: opts.output, now: opts.clock.now, controls, filesDir: opts.filesDir });
}
