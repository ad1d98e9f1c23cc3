import type { Message, Room, Wechaty } from 'wechaty';
import type { MessageView } from './normalise';

/** Reads off a Wechaty message the plain facts the normaliser needs; `topicOf` may know a room's newer name. */
export async function messageView(bot: Wechaty, msg: Message, topicOf: (room: Room) => Promise<string | undefined>): Promise<MessageView> {
  const room = msg.room();
  const talker = msg.talker();
  const text = msg.text();
  const isText = msg.type() === bot.Message.Type.Text;
  const me = bot.isLoggedIn ? bot.currentUser : undefined;
  const botNames = me ? [me.name()] : [];
  // The bot's alias in the room is one more gRPC call: only when the text could mention or quote it.
  if (room && me && isText && /[@「]/.test(text)) {
    const alias = await room.alias(me).catch(() => undefined);
    if (alias) botNames.push(alias);
  }
  return {
    id: msg.id,
    self: msg.self(),
    isText,
    text,
    date: msg.date(),
    talkerId: talker.id,
    talkerName: talker.name(),
    room: room ? { id: room.id, topic: await topicOf(room) } : undefined,
    mentionSelf: room && isText ? await msg.mentionSelf() : false,
    botNames,
  };
}
