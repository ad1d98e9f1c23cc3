import { createHash } from 'node:crypto';
import type { Action, Mention } from '../../src/chat/types';

/** Markdown content is limited in bytes; 4,000 stays under every limit WeCom documents for bot markdown (4,096). */
export const MAX_MARKDOWN_BYTES = 4000;
/** A card shows at most 6 buttons; its title is best kept to 26 characters. */
const MAX_BUTTONS = 6;
const MAX_TITLE = 26;
const MAX_BUTTON_TEXT = 10;
/** A button key is at most 1,024 bytes: the command travels in it verbatim, so a press works after a restart. */
const MAX_KEY_BYTES = 1024;

export type MarkdownBody = { msgtype: 'markdown'; markdown: { content: string } };
export type CardBody = {
  msgtype: 'template_card';
  template_card: {
    card_type: 'button_interaction';
    main_title: { title: string };
    button_list: { text: string; style: number; key: string }[];
    task_id: string;
  };
};

/** People to remind, as WeCom markdown renders a mention: `<@userid>` (a real @ that notifies them). */
export function withMentions(text: string, mentions: readonly Mention[] = []): string {
  const ids = mentions.map((m) => m.externalId.trim()).filter((id) => /^[\w.@-]+$/.test(id));
  if (ids.length === 0) return text;
  const body = text.replace(/\s+$/, '');
  return `${body}${body ? '\n' : ''}${ids.map((id) => `<@${id}>`).join(' ')}`;
}

/** Splits on line boundaries into parts of at most `max` UTF-8 bytes (a longer line anywhere between characters). */
export function splitBytes(text: string, max = MAX_MARKDOWN_BYTES): string[] {
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim()) parts.push(current);
    current = '';
  };
  for (const line of text.split('\n')) {
    const joined = current ? `${current}\n${line}` : line;
    if (Buffer.byteLength(joined) <= max) {
      current = joined;
      continue;
    }
    flush();
    let rest = line;
    while (Buffer.byteLength(rest) > max) {
      let cut = '';
      for (const ch of rest) {
        if (Buffer.byteLength(cut + ch) > max) break;
        cut += ch;
      }
      parts.push(cut);
      rest = rest.slice(cut.length);
    }
    current = rest;
  }
  flush();
  return parts;
}

export function markdownBodies(text: string, mentions?: readonly Mention[]): MarkdownBody[] {
  return splitBytes(withMentions(text, mentions)).map((content) => ({ msgtype: 'markdown', markdown: { content } }));
}

/**
 * One-tap answers as a button card under the message. The task id is derived from the message and the
 * moment, so it is unique per card (WeCom refuses a repeated task id for one bot).
 */
export function actionCard(text: string, actions: readonly Action[] | undefined, seed: string): CardBody | null {
  const usable = (actions ?? []).filter((a) => a.command.startsWith('/') && Buffer.byteLength(a.command) <= MAX_KEY_BYTES);
  const unique = usable.filter((a, i) => usable.findIndex((b) => b.command === a.command) === i).slice(0, MAX_BUTTONS);
  if (unique.length === 0) return null;
  const firstLine =
    text
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? '';
  const title = [...firstLine].length > MAX_TITLE ? `${[...firstLine].slice(0, MAX_TITLE - 1).join('')}…` : firstLine;
  return {
    msgtype: 'template_card',
    template_card: {
      card_type: 'button_interaction',
      main_title: { title },
      button_list: unique.map((a, i) => ({ text: [...a.label].slice(0, MAX_BUTTON_TEXT).join(''), style: i === 0 ? 1 : 2, key: a.command })),
      task_id: `yemai-${createHash('sha256').update(`${seed}|${Date.now()}|${Math.random()}`).digest('hex').slice(0, 24)}`,
    },
  };
}

const PHOTO_MIME = /^image\/(png|jpe?g)$/i;

/** Pictures WeCom shows inline (PNG, JPEG) go as images; everything else (a workbook) as a file. */
export const mediaTypeOf = (mime: string): 'image' | 'file' => (PHOTO_MIME.test(mime) ? 'image' : 'file');
