import type { Action } from '../../src/chat/types';

const looksChinese = (text: string) => /[\u4e00-\u9fff]/.test(text);

/**
 * WeChat has no buttons: the one-tap answers become a line of commands to type (or copy), in the message's
 * language, e.g. "快捷回复：平安在岗 /checkin 平安 在岗 ｜ 出差途中 /checkin 出差途中".
 */
export function withActionHint(text: string, actions: readonly Action[] | undefined): string {
  if (!actions?.length) return text;
  const zh = looksChinese(text);
  const items = actions.map((a) => (a.command.includes(a.label) ? a.command : `${a.label} ${a.command}`));
  return `${text}\n${zh ? '快捷回复：' : 'Quick replies: '}${items.join(zh ? ' ｜ ' : ' | ')}`;
}

/** What the operator reads when start-up fails (stderr, then exit 1); never contains the token. */
export const startupTexts = {
  auth: (detail: string) =>
    `企业微信/微信接入失败：puppet 服务拒绝了令牌（${detail}）。请检查 WECHATY_PUPPET_SERVICE_TOKEN。\n` +
    `WeChat adapter: the puppet service rejected the token (${detail}). Check WECHATY_PUPPET_SERVICE_TOKEN.`,
  tls: (detail: string) =>
    `企业微信/微信接入失败：TLS 握手失败（${detail}）。请检查令牌的 SNI 前缀（如 insecure_…）、WECHATY_PUPPET_SERVICE_TLS_CA_CERT 和 WECHATY_PUPPET_SERVICE_TLS_SERVER_NAME。\n` +
    `WeChat adapter: TLS handshake failed (${detail}). Check the token's SNI prefix (e.g. insecure_…), WECHATY_PUPPET_SERVICE_TLS_CA_CERT and WECHATY_PUPPET_SERVICE_TLS_SERVER_NAME.`,
  timeout: (endpoint: string, seconds: number, detail: string) =>
    `企业微信/微信接入失败：${seconds} 秒内未登录（${endpoint}；最后的错误：${detail}）。请确认服务地址可达，且两端的 TLS 设置一致（WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT）；扫码登录的 puppet 请调大 WECHATY_LOGIN_TIMEOUT_SECONDS。\n` +
    `WeChat adapter: not logged in within ${seconds} s (${endpoint}; last error: ${detail}). Check that the endpoint is reachable and that TLS is on (or off) on both sides; for QR-code puppets raise WECHATY_LOGIN_TIMEOUT_SECONDS.`,
};
