import net from 'node:net';

/**
 * Whether something accepts TCP connections at host:port (true for anything else, e.g. no endpoint).
 * A PuppetService start against a dead server hangs for 5 s; this answers in milliseconds.
 */
export function reachable(endpoint: string | undefined, timeoutMs = 3_000): Promise<boolean> {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(endpoint ?? '');
  if (!m) return Promise.resolve(true);
  return new Promise((resolve) => {
    const socket = net.connect({ host: m[1] as string, port: Number(m[2]) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
