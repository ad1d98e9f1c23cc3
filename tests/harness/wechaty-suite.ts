import { afterAll, beforeAll } from 'vitest';
import { log as wechatyLog } from 'wechaty';
import { WechatyStandin, useTempWechatyHome } from './wechaty-standin';

/**
 * For the describe block it is called in: Wechaty's own log silenced, a HOME of its own (Wechaty writes memory
 * files there) and a started stand-in, all stopped afterwards. Returns the stand-in for the block's tests.
 */
export function wechatyStandinForSuite(): () => WechatyStandin {
  let standin: WechatyStandin | undefined;
  let home: ReturnType<typeof useTempWechatyHome> | undefined;
  beforeAll(async () => {
    wechatyLog.level('silent');
    home = useTempWechatyHome();
    standin = await WechatyStandin.start({ botName: '叶脉', heartbeatIntervalMs: 500 });
  });
  afterAll(async () => {
    await standin?.stop();
    await home?.cleanup();
  });
  return () => standin as WechatyStandin;
}
