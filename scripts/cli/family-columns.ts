import { z } from 'zod';
import type { NewContact } from '../../src/care/family.service';
import { isDistrictLevel, normalisePhone } from '../../src/care/family.service';
import { blankToUndefined } from './fields';

const optionalText = (max: number, zh: string, en: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(max, { error: `${zh}最多 ${max} 字 / ${en} is longer than ${max} characters` })
      .optional(),
  );

/** A roster row may carry one family contact at home; the rest are added later with /family add. */
export const familyColumns = z.object({
  familyName: optionalText(20, '家属姓名', 'family_name'),
  familyRelation: optionalText(10, '家属关系', 'family_relation'),
  familyDistrict: optionalText(30, '家属区县', 'family_district'),
  familyPhone: optionalText(20, '家属电话', 'family_phone'),
  familyNotes: optionalText(100, '家属备注', 'family_notes'),
});

type FamilyCells = z.output<typeof familyColumns>;

/** All four of name, relation, district and phone, or none; the phone and district checked as in the chat. */
export function familyContact(c: FamilyCells, ctx: z.RefinementCtx): NewContact | undefined {
  const given = [c.familyName, c.familyRelation, c.familyDistrict, c.familyPhone];
  if (given.every((v) => v === undefined) && c.familyNotes === undefined) return undefined;
  if (given.some((v) => v === undefined)) {
    ctx.addIssue({
      code: 'custom',
      message: '家属需同时填写姓名、关系、区县和电话 / a family contact needs family_name, family_relation, family_district and family_phone',
    });
    return undefined;
  }
  const phone = normalisePhone(c.familyPhone as string);
  if (!phone) {
    ctx.addIssue({
      code: 'custom',
      message: `家属电话“${c.familyPhone}”不是手机号或带区号的固定电话 / family_phone "${c.familyPhone}" is neither a mobile nor a landline with area code`,
    });
  }
  if (!isDistrictLevel(c.familyDistrict as string)) {
    ctx.addIssue({ code: 'custom', message: `家属区县“${c.familyDistrict}”只写到区县，不写门牌号 / family_district is a district, no house number` });
  }
  return {
    name: c.familyName as string,
    relation: c.familyRelation as string,
    district: c.familyDistrict as string,
    phone: phone ?? '',
    notes: c.familyNotes ?? null,
  };
}
