import { describe, expect, it } from 'vitest';
import { ID_PARAM, inputFromParams, usageLine } from '../src/commands/params';
import type { ParamsDecl } from '../src/commands/params';
import { splitArgs } from '../src/commands/parser';

const words = (rest: string) => ({ ...splitArgs(rest.split(/\s+/).filter(Boolean)), rest });

const decl: ParamsDecl = {
  params: [
    ID_PARAM,
    { key: 'place', label: { zh: '地点', en: 'WHERE' }, optional: true },
    { key: 'note', label: { zh: '笔记', en: 'NOTE' }, take: 'text' },
  ],
  options: { group: { zh: '党小组', en: 'GROUP' } },
  note: { zh: '（如 …）', en: '(e.g. …)' },
};

describe('a command declared by its parameters', () => {
  it('derives the usage line in each language from the same declaration', () => {
    expect(usageLine('zh', '/x add', decl)).toBe('/x add 编号 [地点] 笔记 [group=党小组]（如 …）');
    expect(usageLine('en', '/x add', decl)).toBe('/x add ID [WHERE] NOTE [group=GROUP] (e.g. …)');
  });

  it('reads each field from the words: an id without its #, one word, the text after as typed, options by key', () => {
    expect(inputFromParams(decl, words('#7 曲靖 学了  第一章 | 体会 group=一组'))).toEqual({
      id: '7',
      place: '曲靖',
      note: '学了  第一章 | 体会 group=一组',
      group: '一组',
    });
  });

  it('leaves an optional field out when nothing was typed, and gives a required text as empty for the schema to refuse', () => {
    const optional: ParamsDecl = { params: [{ key: 'days', label: { zh: '天数', en: 'DAYS' }, optional: true, take: 'words' }] };
    expect(inputFromParams(optional, words(''))).toEqual({ days: undefined });
    const required: ParamsDecl = { params: [{ key: 'name', label: { zh: '姓名', en: 'NAME' }, take: 'text' }] };
    expect(inputFromParams(required, words(''))).toEqual({ name: '' });
  });
});
