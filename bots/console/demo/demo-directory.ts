import type { Db } from '../../../db/client';
import { asLang } from '../../../src/i18n';
import type { Lang } from '../../../src/i18n';
import { accountsOnPlatform, groupChatsOnPlatform } from '../../../src/org/org.service';

export type Persona = { id: string; lang: Lang };
export type DemoChat = { id: string; title: string };

/** The personas and group chats one can type as and in: every console account and chat in the database. */
export type DemoDirectory = {
  personas(): Promise<Persona[]>;
  groupChats(): Promise<DemoChat[]>;
};

export function demoDirectory(db: Db, platform = 'console'): DemoDirectory {
  return {
    personas: async () => (await accountsOnPlatform(db, platform)).map((p) => ({ id: p.externalId, lang: asLang(p.lang) })),
    groupChats: async () => (await groupChatsOnPlatform(db, platform)).map((c) => ({ id: c.externalId, title: c.title ?? c.externalId })),
  };
}
