/**
 * One contract every adapter passes (console, Telegram, WeChat through Wechaty, WeCom's official bot): a person's
 * message reaches the core with the platform's stable ids, the bot's own messages do not, an @-mention of the bot
 * is taken off the text, `/cmd@otherbot` is left to the other bot, and a redelivered message is handed on once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_PLATFORMS } from './harness/contract-platforms';
import type { ContractPlatform } from './harness/contract-platforms';

for (const make of CONTRACT_PLATFORMS) {
  const platform = make();
  describe(`adapter contract: ${platform.name}`, () => {
    beforeAll(() => platform.start(), 60_000);
    afterAll(() => platform.stop(), 30_000);

    it('hands on what people say with the platform ids of the person and the chat, never a display name', async () => {
      const got = await platform.deliveredBy(async () => {
        await platform.say({ from: 'zhang', where: 'group', text: '/checkin 云南曲靖 在岗', mentionBot: true });
        await platform.say({ from: 'liu', where: 'group', text: '/checkin 四川凉山 在岗', mentionBot: true });
        await platform.say({ from: 'zhang', where: 'private', text: '/whoami' });
      }, [
        { from: 'zhang', where: 'group', text: '' },
        { from: 'zhang', where: 'private', text: '' },
      ]);
      const zhang = platform.personId('zhang');
      // Chats are independent: a private message may overtake a group one.
      const seen = got.map((m) => [m.platform, m.chatKind, m.chatId, m.senderId, m.text]);
      expect(seen).toHaveLength(3);
      expect(seen).toEqual(
        expect.arrayContaining([
          [platform.name, 'group', platform.groupId(), zhang, '/checkin 云南曲靖 在岗'],
          [platform.name, 'group', platform.groupId(), platform.personId('liu'), '/checkin 四川凉山 在岗'],
          // A private chat's id is the person's own account id.
          [platform.name, 'private', zhang, zhang, '/whoami'],
        ]),
      );
      expect(new Set(got.map((m) => m.messageId)).size).toBe(3);
      expect(got.every((m) => m.messageId.length > 0 && m.at instanceof Date)).toBe(true);
    });

    it('takes an @-mention of the bot off the text and says the bot was mentioned', async () => {
      const [msg, ...more] = await platform.deliveredBy(() =>
        platform.say({ from: 'zhang', where: 'group', text: '/checkin 云南曲靖 在岗', mentionBot: true }),
      );
      expect(more).toEqual([]);
      expect(msg?.text).toBe('/checkin 云南曲靖 在岗');
      expect(msg?.text).not.toContain('叶脉');
      expect(msg?.mentionsBot).toBe(true);
    });

    it('leaves /cmd@otherbot to the other bot', async () => {
      const got = await platform.deliveredBy(() =>
        platform.say({ from: 'zhang', where: 'group', text: '/checkin@other_bot 云南曲靖 在岗', mentionBot: true }),
      );
      expect(got).toEqual([]);
    });

    if (platform.own) {
      const own = platform.own.bind(platform);
      it("drops the bot's own messages", async () => {
        expect(await platform.deliveredBy(() => own('/checkin 这是机器人自己发的'))).toEqual([]);
      });
    }

    if (platform.redeliver) {
      const redeliver = platform.redeliver.bind(platform);
      it('hands on a redelivered message once', async () => {
        const got = await platform.deliveredBy(async () => {
          const key = await platform.say({ from: 'zhang', where: 'group', text: '/checkin 云南曲靖 重发', mentionBot: true });
          await redeliver(key);
          await redeliver(key);
        });
        expect(got.map((m) => m.text)).toEqual(['/checkin 云南曲靖 重发']);
      });
    }
  });
}

describe('adapter contract: coverage', () => {
  it('runs over all four adapters; only the console lacks own messages and redelivery, only WeCom lacks own messages', () => {
    const all: ContractPlatform[] = CONTRACT_PLATFORMS.map((make) => make());
    expect(all.map((p) => p.name)).toEqual(['console', 'telegram', 'wechaty', 'wecom']);
    expect(all.filter((p) => !p.own).map((p) => p.name)).toEqual(['console', 'wecom']);
    expect(all.filter((p) => !p.redeliver).map((p) => p.name)).toEqual(['console']);
  });
});
