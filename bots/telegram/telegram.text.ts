import { defineTexts } from '../../src/i18n';

export const telegramTexts = defineTexts({
  buttonExpired: {
    zh: () => '这个按钮已失效，请直接发送命令。',
    en: () => 'This button has expired; please type the command instead.',
  },
});
