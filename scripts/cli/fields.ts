import { z } from 'zod';
import { cleanName } from '../../src/commands/hygiene';
import { PARTY_STATUS_CHOICES, partyStatusFromWord, roleFromWord } from '../../src/org/add-person';

/** Messages are "中文 / English" on one line: the CLI's users read Chinese first. */
/** A required name-like text; `zh`/`en` say which one ("--secretary 书记姓名" / "--secretary NAME"). */
export const nameField = (zh: string, en: string) =>
  z
    .string({ error: `缺少${zh} / ${en} is missing` })
    .transform(cleanName)
    .pipe(
      z
        .string()
        .min(1, { error: `${zh.trim()}不能为空 / ${en} is empty` })
        .max(40, { error: `${zh.trim()}最多 40 字 / ${en} is longer than 40 characters` }),
    );

/** A word the branch may write two ways (English or Chinese), read into the one value the record keeps. */
function wordField<T>(fromWord: (word: string) => T | undefined, problem: (word: string) => string, fallback: T) {
  return z
    .string()
    .trim()
    .transform((s, ctx) => {
      const value = fromWord(s);
      if (value === undefined) ctx.addIssue({ code: 'custom', message: problem(s) });
      return value ?? fallback;
    });
}

/** Spreadsheets written in Chinese say 组员/党小组长/志愿者; both spellings mean the same role (the chat takes them too). */
export const memberRole = wordField(
  roleFromWord,
  (s) => `角色“${s}”无效，可选 member|leader|volunteer（组员|党小组长|志愿者） / role "${s}" is not one of member|leader|volunteer`,
  'member' as const,
);

export const partyStatus = wordField(
  partyStatusFromWord,
  (s) => `政治面貌“${s}”无效，可选 ${PARTY_STATUS_CHOICES.zh} / party status must be ${PARTY_STATUS_CHOICES.en}`,
  '党员' as const,
);

export const station = z.string().trim().max(60, { error: '驻地最多 60 字 / station is longer than 60 characters' });

export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '月份应写成 YYYY-MM，例如 2026-03 / month must be YYYY-MM, e.g. 2026-03' });

/** Blank cells and absent flags both mean "not given". */
export const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
