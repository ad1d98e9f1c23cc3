/**
 * Start-up supervision of the WeChat adapter: a wrong token, a TLS mismatch or a dead endpoint ends with a
 * clear, token-free message (and, through the real entry point, a non-zero exit) instead of an idle process;
 * with the right settings `npm start` runs the adapter and stops cleanly on SIGTERM.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { WechatyAdapter } from '../bots/wechaty/wechaty.adapter';
import type { WechatyTls } from '../bots/wechaty/wechaty.adapter';
import { silentLogger } from '../src/log';
import { runMain } from './harness/run-main';
import { until } from './harness/until';
import { WechatyStandin } from './harness/wechaty-standin';
import { wechatyStandinForSuite } from './harness/wechaty-suite';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

describe('WeChat adapter start-up', () => {
  const standin = wechatyStandinForSuite();

  /** Starts an adapter that is expected to fail; returns the error text and how long it took. */
  async function failedStart(opts: { token?: string; endpoint?: string; tls?: WechatyTls; loginTimeoutMs?: number }) {
    const adapter = new WechatyAdapter({
      log: silentLogger(),
      token: opts.token ?? standin().token,
      endpoint: opts.endpoint ?? standin().endpoint,
      tls: opts.tls ?? standin().clientTls,
      loginTimeoutMs: opts.loginTimeoutMs ?? 20_000,
      retryMinMs: 200,
      retryMaxMs: 500,
    });
    const t0 = Date.now();
    const error = await adapter
      .start(async () => {})
      .then(
        () => null,
        (e: unknown) => String(e),
      );
    const ms = Date.now() - t0;
    await adapter.stop();
    expect(adapter.online).toBe(false);
    return { error: error ?? 'started', ms };
  }

  it('a wrong token fails at once with a message that names the variable, not the token', async () => {
    const token = `insecure_wrong-${Date.now()}-secret`;
    const { error, ms } = await failedStart({ token });
    expect(error).toContain('WECHATY_PUPPET_SERVICE_TOKEN');
    expect(error).toContain('UNAUTHENTICATED');
    expect(error).not.toContain(token);
    expect(error).not.toContain('secret');
    expect(ms).toBeLessThan(4_000);
  });

  it('a certificate for another name (wrong SNI) fails at once as a TLS error', async () => {
    const { error, ms } = await failedStart({ tls: { ...standin().clientTls, serverName: 'wrong.example' } });
    expect(error).toContain('TLS');
    expect(error).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID|altnames/);
    expect(ms).toBeLessThan(4_000);
  });

  it('TLS off on the client only: no login within the timeout, with a hint about TLS', async () => {
    const { error, ms } = await failedStart({ tls: { disable: true }, loginTimeoutMs: 3_000 });
    expect(error).toContain('3 秒内未登录');
    expect(error).toContain('WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT');
    expect(error).toMatch(/UNAVAILABLE|Connection dropped|No connection established/);
    expect(ms).toBeGreaterThanOrEqual(2_900);
    expect(ms).toBeLessThan(6_000);
  });

  it('nothing listening: no login within the timeout, naming the endpoint and the last error', async () => {
    const endpoint = `127.0.0.1:${await freePort()}`;
    const { error, ms } = await failedStart({ endpoint, loginTimeoutMs: 3_000 });
    expect(error).toContain(endpoint);
    expect(error).toContain('ECONNREFUSED');
    expect(ms).toBeLessThan(6_000);
  });

  it('a server that comes up during start-up is waited for (within the login timeout)', async () => {
    const late = await WechatyStandin.start({ botName: '叶脉', heartbeatIntervalMs: 500 });
    await late.stopServer();
    const adapter = new WechatyAdapter({
      log: silentLogger(),
      token: late.token,
      endpoint: late.endpoint,
      tls: late.clientTls,
      loginTimeoutMs: 20_000,
      retryMinMs: 200,
      retryMaxMs: 500,
    });
    try {
      const starting = adapter.start(async () => {});
      await new Promise((r) => setTimeout(r, 1_000));
      await late.restartServer();
      await starting;
      expect(adapter.online).toBe(true);
    } finally {
      await adapter.stop();
      await late.stop();
    }
  }, 30_000);

  it('npm start with a wrong token: a clear message on stderr without the token, exit code ≠ 0', async () => {
    const token = `insecure_wrong-${Date.now()}-do-not-print`;
    const run = runMain({
      WECHATY_PUPPET_SERVICE_TOKEN: token,
      WECHATY_PUPPET_SERVICE_ENDPOINT: standin().endpoint,
      WECHATY_PUPPET_SERVICE_TLS_CA_CERT: standin().clientTls.caCert,
      WECHATY_LOGIN_TIMEOUT_SECONDS: '20',
    });
    try {
      const result = await run.exitWithin(90_000);
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(result.output).toContain('the puppet service rejected the token');
      expect(result.output).toContain('WECHATY_PUPPET_SERVICE_TOKEN');
      expect(result.output).not.toContain(token);
      expect(result.output).not.toContain('do-not-print');
    } finally {
      await run.stop();
    }
  }, 120_000);

  it('npm start with the right settings: logs in, answers a 1:1 message, stops cleanly on SIGTERM', async () => {
    const stranger = standin().createContact('路人');
    const run = runMain({
      WECHATY_PUPPET_SERVICE_TOKEN: standin().token,
      WECHATY_PUPPET_SERVICE_ENDPOINT: standin().endpoint,
      WECHATY_PUPPET_SERVICE_TLS_CA_CERT: standin().clientTls.caCert.replace(/\n/g, '\\n'), // one-line form
    });
    try {
      await until(() => run.output().includes('wechaty: logged in'), 90_000, `login in the child:\n${run.output()}`);
      await standin().waitForClient(5_000);
      const t0 = Date.now();
      standin().say(stranger, '/help');
      const reply = await standin().waitFor((m) => m.toContactId === stranger.id && m.at >= t0, 10_000);
      expect(reply.text.length).toBeGreaterThan(0);
      run.child.kill('SIGTERM');
      const result = await run.exited;
      expect(result.code).toBe(0);
      expect(result.output).not.toContain(standin().token);
      await until(() => !standin().clientConnected, 5_000, 'the child to close its gRPC stream');
    } finally {
      await run.stop();
    }
  }, 120_000);
});
