import { expect, it } from 'vitest';
import { checkinTexts } from '../src/checkins/checkins.text';
import { parseReport } from '../src/checkins/report-parser';

it('a status typed in English is stored in Chinese and shown to an English reader in English again', () => {
  const stored = parseReport('Qujing on duty all well');
  expect(stored.status).toBe('在岗');
  const line = checkinTexts('en').detailLine({ name: 'Zhang', place: 'Qujing', status: stored.status ?? '', note: 'all well', flags: '' });
  expect(line).toBe('· Zhang | Qujing | on duty | all well');
  expect(checkinTexts('zh').detailLine({ name: '张云', place: '曲靖', status: '在岗', note: '好', flags: '' })).toBe('· 张云｜曲靖｜在岗｜好');
});
