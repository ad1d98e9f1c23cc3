import { describe, expect, it } from 'vitest';
import { assessSafety, makeAssessor } from '../src/checkins/safety/assess';
import { loadLexicons, parseLexicon } from '../src/checkins/safety/lexicon';

describe('graded safety assessment', () => {
  it.each([
    ['发烧 头疼', 'urgent'],
    ['车在盘山路上抛锚了，天黑了', 'urgent'],
    ['被狗咬了', 'urgent'],
    ['烧到39度多', 'urgent'],
    ['有点感冒', 'attention'],
    ['牙疼', 'attention'],
    ['量了37.5度', 'attention'],
    ['不发烧', 'none'],
    ['无不适', 'none'],
    ['没有受伤', 'none'],
    ['发烧已退', 'none'],
    ['昨天发烧，今天已经好了', 'none'],
    ['腿伤已恢复', 'none'],
    ['not sick', 'none'],
    ['fever gone', 'none'],
    ['今天开展安全检查', 'none'],
    ['组织应急演练', 'none'],
    ['发放防暑药品', 'none'],
    ['学习安全生产法', 'none'],
    ['陪同事去医院复查', 'none'],
    ['气温38度 在岗', 'none'],
    ['收了120担', 'none'],
    ['好的，谢谢书记关心', 'none'],
  ])('%s → %s', (text, level) => {
    expect(assessSafety(text).level).toBe(level);
  });

  it('does not let a recovery earlier in the report cancel a later injury', () => {
    expect(assessSafety('感冒好了，今天摔伤了腿').level).toBe('urgent');
  });

  it('a careless "不小心" is not a negation', () => {
    expect(assessSafety('不小心摔伤了').level).toBe('urgent');
  });

  it('asks when the text may mean trouble but does not say', () => {
    expect(assessSafety('身体有点不舒服')).toMatchObject({ level: 'attention', ask: true });
    expect(assessSafety('Feeling unwell')).toMatchObject({ level: 'attention', ask: true });
    expect(assessSafety('I feel unsafe here')).toMatchObject({ level: 'attention', ask: true });
    expect(assessSafety('胸痛 不舒服')).toMatchObject({ level: 'urgent', ask: false });
  });

  it('reads a word a secretary added to a lexicon file', () => {
    const [zh] = loadLexicons().filter((l) => l.lang === 'zh');
    expect(zh).toBeDefined();
    const before = makeAssessor([zh!]);
    const after = makeAssessor([{ ...zh!, urgent: [...zh!.urgent, '被野猪拱'] }]);
    expect(before('被野猪拱了').level).not.toBe('urgent');
    expect(after('被野猪拱了').level).toBe('urgent');
  });

  it('reads a word family named in a phrase, and a spelled-out phrase beats one with a gap over the same words', () => {
    const [zh] = loadLexicons().filter((l) => l.lang === 'zh');
    const lexicon = {
      ...zh!,
      urgent: [...zh!.urgent, '被*拱', '{牲口}*踩'],
      attention: [...zh!.attention, '被{小牲口}拱'],
      groups: { ...zh!.groups, 牲口: ['野猪', '水牛'], 小牲口: ['小猪'] },
    };
    const assess = makeAssessor([lexicon]);
    expect(assess('被野猪拱了').level).toBe('urgent');
    expect(assess('水牛把脚踩了').level).toBe('urgent');
    expect(assess('被小猪拱了一下').level).toBe('attention');
    expect(assess('黄牛踩了烟苗').level).toBe('none');
  });

  it('refuses a phrase naming a group the file does not define, naming the file and the phrase', () => {
    expect(() => parseLexicon({ lang: 'zh', words: 'characters', urgent: ['{身体}*断了'] }, 'zh.json')).toThrow(/zh\.json[\s\S]*\{身体\}\*断了/);
  });

  it('names the file and the field when a lexicon is malformed', () => {
    expect(() => parseLexicon({ lang: 'zh', words: 'characters', urgent: 'oops' }, 'zh.json')).toThrow(/zh\.json[\s\S]*urgent/);
  });
});
