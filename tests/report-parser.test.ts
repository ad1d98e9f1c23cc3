import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../src/checkins/report-parser';

describe('free-text report parser', () => {
  it.each([
    ['云南曲靖 在岗 一切正常', { place: '云南曲靖', status: '在岗', unsafe: false, note: '一切正常' }],
    ['在岗', { place: null, status: '在岗', unsafe: false, note: null }],
    ['四川凉山 出差途中', { place: '四川凉山', status: '出差途中', unsafe: false, note: null }],
    ['福建三明，返厂', { place: '福建三明', status: '返厂', unsafe: false, note: null }],
    ['曲靖 生病 在宾馆休息', { place: '曲靖', status: null, unsafe: true, note: '生病 在宾馆休息' }],
    ['发烧了在宾馆休息', { place: null, status: null, unsafe: true, note: '发烧了在宾馆休息' }],
    ['路上出了车祸 需要求助', { place: null, status: '出差途中', unsafe: true, note: '路上出了车祸 需要求助' }],
    ['福建三明 在岗 身体无不适', { place: '福建三明', status: '在岗', unsafe: false, note: '身体无不适' }],
    ['云南，在岗，没有生病', { place: '云南', status: '在岗', unsafe: false, note: '没有生病' }],
    ['Kunming safe', { place: 'Kunming', status: '平安', unsafe: false, note: null }],
    ['Kunming injured, need help', { place: 'Kunming', status: null, unsafe: true, note: 'injured, need help' }],
    ['Qujing Yunnan, on duty, all well', { place: 'Qujing Yunnan', status: '在岗', unsafe: false, note: 'all well' }],
    ['Qujing on duty all well', { place: 'Qujing', status: '在岗', unsafe: false, note: 'all well' }],
    ['云南曲靖 在岗 好多了，心情不错', { place: '云南曲靖', status: '在岗', unsafe: false, note: '好多了，心情不错' }],
    ['food poisoning, vomiting all night', { place: null, status: null, unsafe: true, note: 'food poisoning, vomiting all night' }],
    ['福建三明 在岗位上 忙', { place: '福建三明', status: '在岗', unsafe: false, note: '在岗位上 忙' }],
    ['not safe here', { place: null, status: null, unsafe: true, note: 'not safe here' }],
    ['I broke my leg', { place: null, status: null, unsafe: true, note: 'I broke my leg' }],
    ['Kunming, safety training today', { place: 'Kunming', status: null, unsafe: false, note: 'safety training today' }],
    ['福建 在岗 休假中代报', { place: '福建', status: '在岗', unsafe: false, note: '休假中代报' }],
    ['Chilling in Kunming', { place: 'Chilling', status: null, unsafe: false, note: 'in Kunming' }],
  ])('%s', (text, expected) => {
    expect(parseReport(text)).toEqual(expected);
  });

  it('keeps a text with any letter or digit somewhere and never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        const r = parseReport(text);
        expect(typeof r.unsafe).toBe('boolean');
        // Punctuation alone (",") says nothing to keep; /checkin refuses it before parsing.
        if (/[\p{L}\p{N}]/u.test(text) && !r.status) expect(r.place ?? r.note).toBeTruthy();
      }),
    );
  });
});
