import { coreTexts } from './commands.text';
import type { Phrase } from '../i18n';
import type { Lang } from '../i18n';
import { UserError } from './types';

/** A problem found after parsing (a date in the group's zone, a cron expression), worded like the router's own. */
export const usageError = (lang: Lang, problem: string, usage: Phrase): UserError => new UserError(coreTexts(lang).badArgs(problem, usage[lang]));
