import type { Db } from '../../db/client';
import { createBranch, createMember, findBranch } from './org.service';

export class AlreadyInitialised extends Error {}

/** `yemai init`: the branch and its secretary, with the secretary's invite code. */
export async function initBranch(db: Db, branchName: string, secretaryName: string, now: Date) {
  return db.transaction(async (tx) => {
    if (await findBranch(tx)) throw new AlreadyInitialised(`a branch already exists in this database`);
    const branch = await createBranch(tx, branchName);
    const { member, inviteCode } = await createMember(tx, { branchId: branch.id, name: secretaryName, role: 'secretary' }, now);
    return { branch, secretary: member, inviteCode };
  });
}
