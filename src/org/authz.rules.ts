import type { Actor, Role, RoleGrant } from '../commands/types';
import { isSecretary, ledGroupIds } from './identity';

/**
 * The one authorisation rule of the branch, as pure functions over roles (no database, no platform).
 * Every chat command and the CLI ask these; docs/permissions.md writes the same rule down as a matrix.
 */

/** secretary > leader > member = volunteer. */
export const RANK: Record<Role, number> = { secretary: 3, leader: 2, member: 1, volunteer: 1 };

export type Refusal =
  /** The person or group is outside the groups the actor leads. */
  | 'not-your-group'
  /** The target is a leader or a secretary: only the secretary may act on them. */
  | 'outranked'
  /** Roles, group moves, new leaders and volunteers are the secretary's decision. */
  | 'secretary-only'
  /** The branch would be left without a secretary. */
  | 'last-secretary'
  /** The chat is another group's classroom: only the secretary may move it. */
  | 'bound-to-other-group'
  /** The secretary moves a classroom only after saying so twice. */
  | 'confirm-rebind';

export type Verdict = { ok: true } | { ok: false; why: Refusal };

const OK: Verdict = { ok: true };
const refuse = (why: Refusal): Verdict => ({ ok: false, why });

/** What a command does to a person. */
export type PersonAction =
  /** a fresh invite code (whoever holds it becomes that person) */
  | 'invite'
  /** station, party status, language */
  | 'edit'
  /** role or home group */
  | 'set-role'
  | 'remove'
  /** a check-in on their behalf */
  | 'proxy';

export type Target = { memberId: number; roles: readonly RoleGrant[] };

export const topRank = (roles: readonly RoleGrant[]): number => Math.max(0, ...roles.map((g) => RANK[g.role]));

const homeGroups = (roles: readonly RoleGrant[]): number[] => roles.filter((g) => g.role === 'member' || g.role === 'leader').map((g) => g.groupId);

/**
 * May `actor` do `action` to `target`? The actor must outrank the target within the actor's scope: the secretary's
 * scope is the branch, a leader's the groups they lead. The secretary may act on anyone (another secretary too)
 * except removing the branch's last secretary.
 */
export function personVerdict(actor: Actor, target: Target, action: PersonAction, secretaries: number): Verdict {
  if (isSecretary(actor)) {
    const lastSecretary = target.roles.some((g) => g.role === 'secretary') && secretaries <= 1;
    return action === 'remove' && lastSecretary ? refuse('last-secretary') : OK;
  }
  const led = ledGroupIds(actor);
  if (led.length === 0) return refuse('secretary-only');
  if (action === 'set-role') return refuse('secretary-only');
  if (!homeGroups(target.roles).some((g) => led.includes(g))) return refuse('not-your-group');
  if (topRank(target.roles) >= RANK.leader) return refuse('outranked');
  return OK;
}

/** The secretary manages every group of the branch; a leader only the groups they lead. */
export function groupVerdict(actor: Actor, groupId: number): Verdict {
  return isSecretary(actor) || ledGroupIds(actor).includes(groupId) ? OK : refuse('not-your-group');
}

/** A new person: a leader adds plain members to their own group; leaders and volunteers come from the secretary. */
export function newMemberVerdict(actor: Actor, role: Role, groupId: number | null): Verdict {
  if (isSecretary(actor)) return OK;
  if (role !== 'member') return refuse('secretary-only');
  return groupId === null ? refuse('not-your-group') : groupVerdict(actor, groupId);
}

/**
 * Making a chat a classroom of `target`. A chat that is already another group's classroom moves only by the
 * secretary, and only once they confirm (that group's prompts stop going there).
 */
export function bindVerdict(actor: Actor, current: number | null, target: number, confirmed: boolean): Verdict {
  const toTarget = groupVerdict(actor, target);
  if (!toTarget.ok || current === null || current === target) return toTarget;
  if (!isSecretary(actor)) return refuse('bound-to-other-group');
  return confirmed ? OK : refuse('confirm-rebind');
}

/** The CLI runs with the database owner's rights: the rule treats it as the secretary of the branch. */
export const operatorActor = (branchId: number): Actor => ({
  memberId: 0,
  branchId,
  name: 'yemai CLI',
  lang: 'zh',
  roles: [{ role: 'secretary', groupId: 0 }],
});
