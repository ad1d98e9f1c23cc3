import type { Logger } from 'pino';

/** Runs an event listener so that a throw is logged, never an unhandled error that ends the process. */
export function guarded(log: Logger, failure: string, text: (err: unknown) => string): (fn: () => void) => void {
  return (fn) => {
    try {
      fn();
    } catch (err) {
      log.error({ err: text(err) }, failure);
    }
  };
}
