import type { Db } from '../../db/client';
import type { OutboxAction, OutboxFile } from '../../db/schema';
import type { Lang } from '../i18n';
import type { OutgoingMessage } from '../outbox/enqueue';
import { enqueueMany } from '../outbox/enqueue';
import type { PrivateChat } from './private-chats';
import { mentionAccountsOf, privateChatsOf } from './private-chats';
import type { Room } from './rooms';

/** What every outgoing message says about itself: its once-only key and what it is for. */
type Tagged = { dedupKey: string; purpose: string; purposeRef?: Record<string, unknown> };

/** One post to some classrooms. Each room's row is keyed `${dedupKey}:${platform}:${chat}`, so a retry writes nothing twice. */
export type RoomPost = Tagged & {
  rooms: readonly Room[];
  /** The same for every room, or worded per room: in its group's language, or for its platform (how to address the bot there). */
  text: string | ((room: Room) => string);
  /** People to @-mention, resolved to each room's platform accounts. */
  mentionMemberIds?: readonly number[];
  actions?: OutboxAction[];
};

/** One private message, in the reader's language. Keyed `${dedupKey}:m${memberId}`. */
export type PrivateNote = Tagged & {
  memberId: number;
  text: (lang: Lang) => string;
  actions?: (lang: Lang) => OutboxAction[];
  file?: (lang: Lang) => OutboxFile;
};

/** Rows for posts to classrooms, with mentions looked up for all posts in one query. */
async function roomRows(db: Db, posts: readonly RoomPost[]): Promise<OutgoingMessage[]> {
  const mentioned = await mentionAccountsOf(
    db,
    posts.flatMap((p) => p.mentionMemberIds ?? []),
  );
  // By platform and member once: a tick's reminder to 10,000 classrooms must not scan every account for each room.
  const accountsOf = new Map<string, { at: number; externalId: string; name: string }[]>();
  mentioned.forEach((a, at) => {
    const key = `${a.platform}|${a.memberId}`;
    accountsOf.set(key, [...(accountsOf.get(key) ?? []), { at, externalId: a.externalId, name: a.name }]);
  });
  return posts.flatMap((post) => {
    const wanted = post.mentionMemberIds ?? [];
    return post.rooms.map((room) => ({
      dedupKey: `${post.dedupKey}:${room.platform}:${room.externalId}`,
      platform: room.platform,
      chatId: room.externalId,
      text: typeof post.text === 'function' ? post.text(room) : post.text,
      mentions: [...new Set(wanted)]
        .flatMap((id) => accountsOf.get(`${room.platform}|${id}`) ?? [])
        .sort((a, b) => a.at - b.at)
        .map(({ externalId, name }) => ({ externalId, name })),
      actions: post.actions,
      purpose: post.purpose,
      purposeRef: post.purposeRef,
    }));
  });
}

const noteRow = (note: PrivateNote, to: PrivateChat): OutgoingMessage => ({
  dedupKey: `${note.dedupKey}:m${note.memberId}`,
  platform: to.platform,
  chatId: to.chatId,
  text: note.text(to.lang),
  actions: note.actions?.(to.lang),
  file: note.file?.(to.lang),
  purpose: note.purpose,
  purposeRef: note.purposeRef,
});

export type Written = {
  /** Outbox rows written now (a key used before writes nothing). */
  rows: number;
  /** Of them, posts in classrooms. */
  posted: number;
  /** People a private note was for who have no account to reach them by (they never joined). */
  unreachable: number[];
};

/**
 * Writes posts to classrooms and private notes together: one query for the mentions, one for the private chats,
 * and multi-row inserts for all rows — however many groups and people there are.
 */
export async function deliver(db: Db, now: Date, out: { posts?: readonly RoomPost[]; notes?: readonly PrivateNote[] }): Promise<Written> {
  const notes = out.notes ?? [];
  const chatsOf = await privateChatsOf(
    db,
    notes.map((n) => n.memberId),
  );
  const unreachable = [...new Set(notes.filter((n) => !chatsOf.has(n.memberId)).map((n) => n.memberId))];
  const posts = await roomRows(db, out.posts ?? []);
  const written = await enqueueMany(db, now, [
    ...posts,
    ...notes.flatMap((n) => {
      const to = chatsOf.get(n.memberId);
      return to ? [noteRow(n, to)] : [];
    }),
  ]);
  return { rows: written.size, posted: posts.filter((r) => written.has(r.dedupKey)).length, unreachable };
}

/** Posts to classrooms; returns the rows written. */
export async function postToRooms(db: Db, now: Date, posts: readonly RoomPost[]): Promise<number> {
  return (await deliver(db, now, { posts })).rows;
}

/** The same private message to each of these people in their language; returns who had no account to reach. */
export async function notifyMembers(db: Db, now: Date, memberIds: Iterable<number>, note: Omit<PrivateNote, 'memberId'>): Promise<Written> {
  return deliver(db, now, { notes: [...new Set(memberIds)].map((memberId) => ({ ...note, memberId })) });
}

/** A private message to one person in their language; false when they have no account yet or it was sent before. */
export async function notifyMember(
  db: Db,
  now: Date,
  memberId: number,
  text: (lang: Lang) => string,
  dedupKey: string,
  purpose: string,
  actions?: (lang: Lang) => OutboxAction[],
): Promise<boolean> {
  return (await notifyMembers(db, now, [memberId], { text, dedupKey, purpose, actions })).rows > 0;
}

/**
 * A group's post where it can be seen by all: in its classrooms, or — for a group without one — to each of
 * `members` privately. One call for many groups: its rooms and people in one query each.
 */
export type GroupPost = Omit<RoomPost, 'rooms'> & {
  groupId: number;
  /** Who gets it privately when the group has no classroom, and in what words. */
  members: readonly number[];
  privateText: (lang: Lang) => string;
};

export async function postToGroups(db: Db, now: Date, rooms: Map<number, Room[]>, posts: readonly GroupPost[]): Promise<Written> {
  const withRooms = posts.filter((p) => (rooms.get(p.groupId) ?? []).length > 0);
  const without = posts.filter((p) => (rooms.get(p.groupId) ?? []).length === 0);
  return deliver(db, now, {
    posts: withRooms.map(({ groupId, members: _m, privateText: _p, ...post }) => ({ ...post, rooms: rooms.get(groupId) ?? [] })),
    notes: without.flatMap((p) =>
      p.members.map((memberId) => ({ memberId, text: p.privateText, dedupKey: p.dedupKey, purpose: p.purpose, purposeRef: p.purposeRef })),
    ),
  });
}
