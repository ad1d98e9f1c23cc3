const looksChinese = (text: string) => /[\u4e00-\u9fff]/.test(text);

/** Put before the answer to a voice message, in the answer's language: what the transcript said. */
export function heardPrefix(heard: string, answer: string): string {
  return looksChinese(answer) ? `🎤 我听到的是：${heard}\n` : `🎤 I heard: ${heard}\n`;
}

/** What the operator reads when start-up fails (stderr, then exit 1); never contains the secret. */
export const startupTexts = {
  auth: (detail: string) =>
    `企业微信智能机器人接入失败：服务器拒绝了机器人凭证（${detail}）。请检查 WECOM_BOT_ID 和 WECOM_BOT_SECRET（在管理后台「智能机器人 → API 模式 → 长连接」中查看）。\n` +
    `WeCom bot: the server rejected the bot's credentials (${detail}). Check WECOM_BOT_ID and WECOM_BOT_SECRET (admin console: intelligent bot → API mode → long connection).`,
  timeout: (url: string, seconds: number, detail: string) =>
    `企业微信智能机器人接入失败：${seconds} 秒内未连上 ${url}（最后的错误：${detail}）。请检查网络和 WECOM_WS_URL。\n` +
    `WeCom bot: not connected to ${url} within ${seconds} s (last error: ${detail}). Check the network and WECOM_WS_URL.`,
};
