import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { InboundMessage } from '../chat/types';

export type JournalOptions = {
  /** An append-only file; undefined keeps the journal in memory only (tests, the console). */
  path?: string;
  /** Bounds: past either, a message is refused (the caller logs it as lost). */
  maxEntries?: number;
  maxBytes?: number;
};

/**
 * Inbound messages taken from a platform while the database could not be reached, in arrival order. Each is
 * one JSON line, fsynced before the platform is told we have it; a `{"done":1}` line removes the oldest once it
 * was handled, and the file is emptied when nothing is left. A crash loses nothing: the next start replays it.
 */
export class InboundJournal {
  private readonly entries: { msg: InboundMessage; bytes: number }[] = [];
  private bytes = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;

  constructor(private readonly opts: JournalOptions = {}) {
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
    if (opts.path) this.load(opts.path);
  }

  get size(): number {
    return this.entries.length;
  }

  head(): InboundMessage | undefined {
    return this.entries[0]?.msg;
  }

  /** Keeps a message durably; false when the journal is full (the message is not kept). */
  append(msg: InboundMessage): boolean {
    const line = `${JSON.stringify({ m: msg })}\n`;
    const bytes = Buffer.byteLength(line);
    if (this.entries.length >= this.maxEntries || this.bytes + bytes > this.maxBytes) return false;
    this.write(line, 'a');
    this.entries.push({ msg, bytes });
    this.bytes += bytes;
    return true;
  }

  /** The oldest message was handled. */
  shift(): void {
    const first = this.entries.shift();
    if (!first) return;
    this.bytes -= first.bytes;
    this.write(this.entries.length === 0 ? '' : '{"done":1}\n', this.entries.length === 0 ? 'w' : 'a');
  }

  private write(text: string, flags: 'a' | 'w'): void {
    if (!this.opts.path) return;
    const fd = openSync(this.opts.path, flags);
    try {
      if (text) writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  private load(path: string): void {
    mkdirSync(dirname(path), { recursive: true });
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n')) {
      // A line cut short by a crash mid-write was never acknowledged to the platform: it is redelivered or lost there.
      let parsed: { m?: InboundMessage & { at: string }; done?: number };
      try {
        parsed = JSON.parse(line);
      } catch {
        continue;
      }
      if (parsed.done) {
        const first = this.entries.shift();
        if (first) this.bytes -= first.bytes;
      } else if (parsed.m) {
        const bytes = Buffer.byteLength(line) + 1;
        this.entries.push({ msg: { ...parsed.m, at: new Date(parsed.m.at) }, bytes });
        this.bytes += bytes;
      }
    }
  }
}
