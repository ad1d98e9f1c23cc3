/**
 * The WeCom stand-in against the real `@wecom/aibot-node-sdk` client (no adapter of ours): it answers the
 * subscribe and heartbeats, pushes message and card-event callbacks, acks replies and proactive sends,
 * takes chunked uploads, rejects a wrong secret and throws an older connection out when a second subscribes.
 */
import { WSClient } from '@wecom/aibot-node-sdk';
import type { WsFrame } from '@wecom/aibot-node-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERR_BAD_SECRET, ERR_INVALID_CHATID, WecomStandin } from './wecom-standin';

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function sdk(standin: WecomStandin, opts: { secret?: string; heartbeatMs?: number; maxAuthFailureAttempts?: number } = {}) {
  return new WSClient({
    botId: standin.botId,
    secret: opts.secret ?? standin.secret,
    wsUrl: standin.url,
    heartbeatInterval: opts.heartbeatMs ?? 60_000,
    reconnectInterval: 100,
    maxAuthFailureAttempts: opts.maxAuthFailureAttempts ?? 1,
    logger: quiet,
  });
}

const once = <T>(client: WSClient, event: string, ms = 5_000) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    client.once(
      event as 'authenticated',
      ((value: T) => {
        clearTimeout(timer);
        resolve(value);
      }) as () => void,
    );
  });

describe('WeCom stand-in, driven by the official SDK', () => {
  let standin: WecomStandin;

  beforeAll(async () => {
    standin = await WecomStandin.start();
  });

  afterAll(async () => {
    await standin.stop();
  });

  it('answers the subscribe (bot id and secret in the body) and acks heartbeats', async () => {
    const client = sdk(standin, { heartbeatMs: 100 });
    client.on('error', () => {});
    try {
      const authed = once(client, 'authenticated');
      client.connect();
      await authed;
      const subscribe = standin.received.find((f) => f.cmd === 'aibot_subscribe');
      expect(subscribe?.headers.req_id).toMatch(/^aibot_subscribe_/);
      expect(subscribe?.body).toMatchObject({ bot_id: standin.botId, secret: standin.secret });
      const pingsBefore = standin.pings;
      await new Promise((r) => setTimeout(r, 450));
      expect(standin.pings - pingsBefore).toBeGreaterThanOrEqual(3);
      expect(client.isConnected).toBe(true); // answered pings keep the link
    } finally {
      client.disconnect();
    }
  });

  it('unanswered heartbeats make the SDK drop the socket and reconnect', async () => {
    const client = sdk(standin, { heartbeatMs: 100 });
    client.on('error', () => {});
    try {
      const authed = once(client, 'authenticated');
      client.connect();
      await authed;
      standin.ignorePings = true;
      const dropped = once<string>(client, 'disconnected', 3_000);
      const back = once(client, 'reconnecting', 3_000);
      await dropped;
      standin.ignorePings = false;
      expect(await back).toBe(1);
      await once(client, 'authenticated', 3_000);
    } finally {
      standin.ignorePings = false;
      client.disconnect();
    }
  });

  it('pushes text, voice and mixed callbacks; acks a reply (req_id of the callback) and a proactive send', async () => {
    const client = sdk(standin);
    client.on('error', () => {});
    const frames: WsFrame[] = [];
    client.on('message', (f) => frames.push(f));
    try {
      const authed = once(client, 'authenticated');
      client.connect();
      await authed;
      standin.say('zhangyun', '/checkin 云南 在岗');
      standin.say('liuchuan', '@叶脉 四川 在岗', { chatid: 'wrGroup1', msgtype: 'voice' });
      standin.say('wangzz', '看图', { chatid: 'wrGroup1', msgtype: 'mixed', quote: '原来的话' });
      await standin.waitUntil(() => frames.length === 3 || undefined, 5_000, 'three callbacks');
      expect(frames.map((f) => f.cmd)).toEqual(['aibot_msg_callback', 'aibot_msg_callback', 'aibot_msg_callback']);
      expect(frames[0]?.body).toMatchObject({
        chattype: 'single',
        from: { userid: 'zhangyun' },
        msgtype: 'text',
        text: { content: '/checkin 云南 在岗' },
      });
      expect(frames[0]?.body.chatid).toBeUndefined();
      expect(frames[1]?.body).toMatchObject({ chattype: 'group', chatid: 'wrGroup1', msgtype: 'voice', voice: { content: '@叶脉 四川 在岗' } });
      expect(frames[2]?.body).toMatchObject({ msgtype: 'mixed', quote: { text: { content: '原来的话' } } });

      const ack = await client.replyStream(frames[0] as WsFrame, 'stream-1', '收到', true);
      expect(ack).toMatchObject({ errcode: 0, headers: { req_id: frames[0]?.headers.req_id } });
      const reply = await standin.waitFor((m) => m.cmd === 'aibot_respond_msg');
      expect(reply).toMatchObject({ chatid: 'zhangyun', msgtype: 'stream', text: '收到' });

      const pushed = await client.sendMessage('wrGroup1', { msgtype: 'markdown', markdown: { content: '**提醒** <@liuchuan>' } });
      expect(pushed.errcode).toBe(0);
      const sent = await standin.waitFor((m) => m.cmd === 'aibot_send_msg' && m.chatid === 'wrGroup1');
      expect(sent.mentions).toEqual(['liuchuan']);

      // A refused send: the SDK rejects with the raw ack frame, which is not an Error.
      standin.failNextSend('nochat', ERR_INVALID_CHATID, 'invalid chatid');
      const refused = await client.sendMessage('nochat', { msgtype: 'markdown', markdown: { content: 'x' } }).catch((e: unknown) => e);
      expect(refused).not.toBeInstanceOf(Error);
      expect(refused).toMatchObject({ errcode: ERR_INVALID_CHATID });
    } finally {
      client.disconnect();
    }
  });

  it('a card click arrives as template_card_event with the key in either shape; uploads give a media id', async () => {
    const client = sdk(standin);
    client.on('error', () => {});
    const events: WsFrame[] = [];
    client.on('event.template_card_event', (f) => events.push(f));
    try {
      const authed = once(client, 'authenticated');
      client.connect();
      await authed;
      await client.sendMessage('wangzz', {
        msgtype: 'template_card',
        template_card: {
          card_type: 'button_interaction',
          main_title: { title: '请假' },
          button_list: [{ text: '批准', key: '/approve 7' }],
          task_id: 't1',
        },
      });
      standin.click('wangzz', '/approve 7');
      standin.click('wangzz', '/approve 7', { shape: 'nested' });
      await standin.waitUntil(() => events.length === 2 || undefined, 5_000, 'two clicks');
      expect(events[0]?.body).toMatchObject({
        msgtype: 'event',
        from: { userid: 'wangzz' },
        event: { eventtype: 'template_card_event', event_key: '/approve 7', task_id: 't1' },
      });
      expect(events[1]?.body.event.template_card_event).toMatchObject({ event_key: '/approve 7' });

      const data = Buffer.alloc(700 * 1024, 7); // two chunks
      const uploaded = await client.uploadMedia(data, { type: 'file', filename: '考勤.xlsx' });
      expect(uploaded.media_id).toMatch(/^media-/);
      await client.sendMediaMessage('wangzz', 'file', uploaded.media_id);
      const file = await standin.waitFor((m) => m.msgtype === 'file');
      expect(file.media?.filename).toBe('考勤.xlsx');
      expect(file.media?.data.equals(data)).toBe(true);
    } finally {
      client.disconnect();
    }
  });

  it('rejects a wrong secret with an error frame the SDK reports as an authentication failure', async () => {
    const client = sdk(standin, { secret: 'wrong-secret', maxAuthFailureAttempts: 1 });
    const errors: Error[] = [];
    client.on('error', (e) => errors.push(e));
    try {
      client.connect();
      await standin.waitUntil(() => errors.some((e) => e.name === 'WSAuthFailureError') || undefined, 5_000, 'the SDK to give up');
      expect(errors[0]?.message).toBe(`Authentication failed: invalid bot_id or secret (code: ${ERR_BAD_SECRET})`);
      expect(standin.subscribes.filter((s) => !s.ok).length).toBeGreaterThanOrEqual(2);
    } finally {
      client.disconnect();
    }
  });

  it('a second connection with the same bot id: the first gets disconnected_event, is closed and stays away', async () => {
    const first = sdk(standin);
    const second = sdk(standin);
    first.on('error', () => {});
    second.on('error', () => {});
    let kicked = 0;
    let firstReconnects = 0;
    first.on('event.disconnected_event', () => kicked++);
    first.on('reconnecting', () => firstReconnects++);
    try {
      const a = once(first, 'authenticated');
      first.connect();
      await a;
      const b = once(second, 'authenticated');
      second.connect();
      await b;
      await standin.waitUntil(() => kicked === 1 || undefined, 3_000, 'the disconnected_event');
      await new Promise((r) => setTimeout(r, 500));
      expect(first.isConnected).toBe(false);
      expect(firstReconnects).toBe(0);
      expect(standin.subscribed).toBe(1);
    } finally {
      first.disconnect();
      second.disconnect();
    }
  });
});
