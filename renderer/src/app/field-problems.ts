// The problems the core's schemas report per field ("must be at least 12 characters") in the
// user's language. The schemas are shared code and speak English; this table matches their
// phrases (shared/domain.ts and shared/channels/*) to catalogue messages, with their numbers. A
// phrase it does not know stays as the schema wrote it.
import type { MessageId } from '../../../shared/i18n/catalog';
import { t } from '../i18n';

const PROBLEMS: ReadonlyArray<readonly [RegExp, MessageId]> = [
  [/^(?:is required|must not be empty)$/, 'fields.required'],
  [/^is too long$/, 'fields.tooLong'],
  [/^is too short$/, 'fields.tooShort'],
  [/^must be at least (\d+) characters$/, 'fields.minChars'],
  [/^must be at most (\d+) characters$/, 'fields.maxChars'],
  [/^must be at least (\d+) minutes?$/, 'fields.minMinutes'],
  [/^must be at most (\d+) minutes(?: \(.*\))?$/, 'fields.maxMinutes'],
  [/^must be at least (\d+) days?$/, 'fields.minDays'],
  [/^must be at most (\d+) days?$/, 'fields.maxDays'],
  [/^must be at least (\d+)$/, 'fields.atLeast'],
  [/^must be (?:a date as )?YYYY-MM-DD$/, 'fields.isoDate'],
  [/^must be the 6-digit code from the app$/, 'fields.totpCode'],
  [/^must be a 6-digit code or a recovery code$/, 'fields.secondFactorCode'],
  [/^must be a SNOMED CT concept id$/, 'fields.snomed'],
  [/^must be base64$/, 'fields.base64'],
  [/^must decide at least one use$/, 'fields.decideOneUse'],
  [/^must be an absolute URI such as /, 'fields.absoluteUri'],
  [/^must be a host name or IP address$/, 'fields.host'],
  [/^must be a PEM certificate$/, 'fields.pem'],
  [/^must be 2–32 characters: letters, digits, dot, dash or underscore, starting with a letter$/, 'fields.username'],
  [/^(?:cannot|must not) be in the future$/, 'fields.futureDate'],
];

export function translateProblem(problem: string): string {
  const phrase = problem.trim().replace(/\.$/, '');
  for (const [pattern, id] of PROBLEMS) {
    const m = pattern.exec(phrase);
    if (m) return t(id, m[1] === undefined ? {} : { n: Number(m[1]) });
  }
  return problem;
}
