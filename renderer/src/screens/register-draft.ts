// What the registration form can refuse by itself, before asking the core: every missing field at
// once, and a date of birth after today. The given name is optional (mononymous people).
import type { Sex } from '../../../shared/domain';

export interface RegistrationDraft {
  readonly mrn: string;
  readonly familyName: string;
  readonly birthDate: string;
  readonly sex: Sex | '';
}

export type DraftProblem = 'required' | 'future';

/** Every problem the form can see by itself, all at once (the given name is optional: mononymous people). */
export function draftProblems(d: RegistrationDraft, today: string): Partial<Record<keyof RegistrationDraft, DraftProblem>> {
  const problems: Partial<Record<keyof RegistrationDraft, DraftProblem>> = {};
  if (d.mrn.trim() === '') problems.mrn = 'required';
  if (d.familyName.trim() === '') problems.familyName = 'required';
  if (d.birthDate === '') problems.birthDate = 'required';
  else if (d.birthDate > today) problems.birthDate = 'future';
  if (d.sex === '') problems.sex = 'required';
  return problems;
}

