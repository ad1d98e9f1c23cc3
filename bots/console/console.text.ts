import { defineTexts } from '../../src/i18n';

export const consoleTexts = defineTexts({
  privateChat: { zh: (who: string) => `私聊 ${who}`, en: (who: string) => `private: ${who}` },
  botName: { zh: () => '叶脉', en: () => 'Yemai' },
});
