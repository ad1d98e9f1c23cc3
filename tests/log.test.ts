import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createLogger } from '../src/log';

function capture(secrets: string[] = []) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger({ level: 'debug', secrets, destination }), lines };
}

it("an error logged as err keeps its kind and message, and a failed query's parameters are dropped", () => {
  const { log, lines } = capture();
  const cause = Object.assign(new Error('check-ins are refused'), { code: 'P0001' });
  const failed = new Error('Failed query: insert into "checkins" values ($1, $2)\nparams: 云南曲靖,发烧三十九度', { cause });
  log.error({ err: failed }, 'inbound message failed');
  const entry = JSON.parse(lines[0] as string);
  expect(entry.err.type).toBe('Error');
  expect(entry.err.message).toBe('Failed query: insert into "checkins" values ($1, $2)');
  expect(entry.err.cause).toMatchObject({ code: 'P0001', message: 'check-ins are refused' });
  expect(lines[0]).not.toContain('云南曲靖');
  expect(lines[0]).not.toContain('发烧');
});

it('a secret of the environment is blanked wherever it appears in a line', () => {
  const { log, lines } = capture(['7731234567:AAF-secretPart']);
  log.warn({ error: 'request to https://api.telegram.org/bot7731234567:AAF-secretPart/getUpdates failed' }, 'polling');
  expect(lines[0]).toContain('/bot[redacted]/getUpdates');
  expect(lines[0]).not.toContain('AAF-secretPart');
});
