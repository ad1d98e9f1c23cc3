import { z } from 'zod';
import { typedDate } from '../time';

/**
 * Text as people meant it: one Unicode form (NFC) and none of the invisible characters that make two names look
 * the same or make a line read backwards (zero-width spaces and joiners, bidi overrides and isolates, BOM).
 */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
/** The zero-width joiner holds emoji together (👨‍👩‍👧); free text keeps it, names do not. */
const INVISIBLE_BUT_JOINER = /[\u00AD\u180E\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/** Control characters other than tab and line breaks: PostgreSQL refuses NUL in text, and none of them is meant. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** Free text (a whole inbound message): NFC, invisible and control characters removed. */
export const cleanText = (text: string): string => text.normalize('NFC').replace(INVISIBLE_BUT_JOINER, '').replace(CONTROLS, '');

/** A name: NFC, every invisible character removed, spaces collapsed. */
export const cleanName = (name: string): string =>
  name
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(/[\s\u3000]+/g, ' ')
    .trim();

/**
 * What a name looks like to a reader: compatibility forms folded (ＡＢ = AB, ⼀ = 一), no spaces, no case. Two names
 * with the same key are one name to the people reading them, so the second is refused.
 */
export const lookAlikeKey = (name: string): string =>
  cleanName(name)
    .normalize('NFKC')
    .replace(/[\s\u3000·・.]/g, '')
    .toLowerCase();

/** The largest id the database stores (int4); a bigger number is a typo, answered with the usage line. */
export const MAX_ID = 2_147_483_647;

/** A calendar date as typed (2026-12-03, 2026-12-3, 2026/12/03), stored YYYY-MM-DD; refused outside 2000 to two years ahead. */
export const localDateArg = z
  .string({ error: 'date' })
  .transform((typed) => typedDate(typed) ?? '')
  .refine((date) => date !== '', { error: 'date' });

/** A positive whole-number id (`#7` or `7`), within the database's range. */
export const idArg = z.coerce.number({ error: 'id' }).int({ error: 'id' }).positive({ error: 'id' }).max(MAX_ID, { error: 'id' });
