import { CliFailure } from './types';

/** Failures shared by several commands, each saying what to do about it. */
export const noBranch = () =>
  new CliFailure(
    '还没有党支部，请先运行：yemai init --branch 支部名称 --secretary 书记姓名 / ' +
      'there is no branch yet; run first: yemai init --branch NAME --secretary NAME',
  );

export const noSuchGroup = (name: string) =>
  new CliFailure(
    `党小组“${name}”不存在，请先运行：yemai group add ${name} / group "${name}" does not exist; create it first: yemai group add ${name}`,
  );

export const memberExists = (name: string) =>
  new CliFailure(
    `成员“${name}”已存在；需要新的邀请码请在聊天中发送 /invite ${name} / ` +
      `member "${name}" already exists; for a fresh invite code send /invite ${name} in a chat`,
  );

export const lookAlike = (name: string, existing: string) =>
  new CliFailure(
    `“${name}”和已有的“${existing}”看起来一样，容易混淆，请换一个能区分的名字 / ` +
      `"${name}" looks the same as the existing "${existing}"; choose a name people can tell apart`,
  );
