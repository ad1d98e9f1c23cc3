import { defineTexts } from '../i18n';

/** Why a command was refused, said so the asker knows what is really in the way. */
export const authzTexts = defineTexts({
  wholeBranch: { zh: () => '全支部', en: () => 'whole branch' },
  branchOnlySecretary: {
    zh: () => '只有支部书记可以面向全支部发布；党小组长请发布到本党小组（去掉 scope=branch）。',
    en: () => 'Only the secretary may post to the whole branch; a group leader posts to their own group (drop scope=branch).',
  },
  personNotYours: {
    zh: (name: string) => `${name}不在你带领的党小组里。党小组长只能管理本组组员。`,
    en: (name: string) => `${name} is not in a group you lead. A group leader manages only their own group's members.`,
  },
  groupNotYours: {
    zh: (group: string) => `你不是「${group}」的党小组长，党小组长只能管理自己带领的党小组。`,
    en: (group: string) => `You do not lead "${group}". A group leader manages only the groups they lead.`,
  },
  outranked: {
    zh: (name: string, role: string) => `${name}是${role}，只有支部书记可以为其生成邀请码、修改其资料或将其移除。`,
    en: (name: string, role: string) => `${name} is ${role}; only the secretary can issue them an invite code, change their details or remove them.`,
  },
  roleSecretaryOnly: {
    zh: () => '只有支部书记可以调整成员的角色和所属党小组。',
    en: () => "Only the secretary can change a member's role or group.",
  },
  addSecretaryOnly: {
    zh: () => '只有支部书记可以添加党小组长和志愿者；党小组长可以为本组添加组员。',
    en: () => 'Only the secretary can add group leaders and volunteers; a group leader can add members to their own group.',
  },
  lastSecretary: {
    zh: (name: string) => `${name}是支部唯一的支部书记，不能移除。请先增设另一位支部书记。`,
    en: (name: string) => `${name} is the branch's only secretary and cannot be removed. Appoint another secretary first.`,
  },
  boundToOtherGroup: {
    zh: (current: string) => `本群已是「${current}」的课堂，只有支部书记可以把它改为其他党小组的课堂。`,
    en: (current: string) => `This chat is already a classroom of "${current}"; only the secretary can make it another group's classroom.`,
  },
  confirmRebind: {
    zh: (current: string, target: string) =>
      `本群目前是「${current}」的课堂。改为「${target}」的课堂后，${current}的报平安提醒、学习和会议通知不再发到这里，两个党小组的党小组长都会收到通知。确认请发送：/bind ${target} 确认`,
    en: (current: string, target: string) =>
      `This chat is a classroom of "${current}". Once it belongs to "${target}", ${current}'s check-in prompts, study and meeting notices stop coming here, and the leaders of both groups are told. To confirm, send: /bind ${target} confirm`,
  },
});
