import { describe, expect, it } from 'vitest';
import { normaliseLine } from '../bots/console/normalise';

const line = (text: string) => ({
  id: '1',
  text,
  speaker: { id: '张云', lang: 'zh' as const },
  place: { id: '原料物资科党小组群', kind: 'group' as const, title: '原料物资科党小组群' },
  at: new Date('2026-12-01T00:00:00Z'),
});

describe('console lines', () => {
  it('/cmd@yemai is for this bot, /cmd@other_bot is not, and a leading @叶脉 is an @-mention', () => {
    expect(normaliseLine(line('/whoami@yemai'))?.text).toBe('/whoami@yemai');
    expect(normaliseLine(line('/whoami@YEMAI'))?.text).toBe('/whoami@YEMAI');
    expect(normaliseLine(line('/whoami@other_bot'))).toBeNull();
    expect(normaliseLine(line('@叶脉 云南曲靖 在岗'))).toMatchObject({ text: '云南曲靖 在岗', mentionsBot: true });
  });
});
