import type { SafetyAssessment, SafetyLevel } from './assess';
import { SAFETY_RANK } from './assess';

/** What a member-day's check-in remembers about safety (columns of `checkins`). */
export type DaySafety = {
  safetyLevel: SafetyLevel;
  peakLevel: SafetyLevel;
  peakText: string | null;
  alertedTerms: string[];
  help: 'asked' | 'yes' | 'no' | null;
};

export type SafetyStep = {
  next: DaySafety;
  /** Urgent words to alert the leaders about now; null when no alert is due. */
  alert: string[] | null;
  /** Ask the member "需要组织帮助吗？". */
  ask: boolean;
};

export const graver = (a: SafetyLevel, b: SafetyLevel) => (SAFETY_RANK[a] >= SAFETY_RANK[b] ? a : b);

/**
 * A day's reports are append-only in meaning: a later report never lowers the day's level unless it says the
 * member is well again ("已经好了", "平安"); the gravest report is kept for the leader however the day goes on.
 * An urgent report alerts unless it only repeats an emergency already alerted that day.
 */
export function nextDaySafety(previous: DaySafety | null, text: string, a: SafetyAssessment): SafetyStep {
  const before = previous ?? { safetyLevel: 'none', peakLevel: 'none', peakText: null, alertedTerms: [], help: null };
  const safetyLevel = a.wellAgain && a.level !== 'urgent' ? a.level : graver(before.safetyLevel, a.level);
  const peaked = SAFETY_RANK[a.level] > SAFETY_RANK[before.peakLevel];
  const fresh = a.level === 'urgent' ? a.terms.filter((t) => !before.alertedTerms.includes(t)) : [];
  const alert = a.level === 'urgent' && (before.alertedTerms.length === 0 || fresh.length > 0) ? (fresh.length ? fresh : a.terms) : null;
  const ask = a.ask && a.level !== 'urgent' && before.help === null;
  return {
    next: {
      safetyLevel,
      peakLevel: peaked ? a.level : before.peakLevel,
      peakText: peaked ? text : before.peakText,
      alertedTerms: alert ? [...before.alertedTerms, ...alert] : before.alertedTerms,
      help: ask ? 'asked' : before.help,
    },
    alert,
    ask,
  };
}

/** The member answered "1" (needs help): the day becomes urgent and the leaders are told. */
export function helpWanted(previous: DaySafety): SafetyStep {
  const term = '需要帮助';
  return {
    next: { ...previous, safetyLevel: 'urgent', peakLevel: 'urgent', help: 'yes', alertedTerms: [...previous.alertedTerms, term] },
    alert: [term],
    ask: false,
  };
}
