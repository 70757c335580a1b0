// The registration form's own checks: an empty form names every missing field at once (not one at
// a time), a future date of birth is refused, and one name is enough.
import { describe, expect, it } from 'vitest';
import { draftProblems } from './register-draft';

describe('draftProblems', () => {
  it('flags every missing field of an empty form at once', () => {
    expect(draftProblems({ mrn: '', familyName: ' ', birthDate: '', sex: '' }, '2026-12-06')).toEqual({ mrn: 'required', familyName: 'required', birthDate: 'required', sex: 'required' });
  });
  it('refuses a date of birth after today', () => {
    expect(draftProblems({ mrn: 'M1', familyName: 'Sukarno', birthDate: '2026-12-07', sex: 'M' }, '2026-12-06')).toEqual({ birthDate: 'future' });
  });
  it('accepts one name and a birth today', () => {
    expect(draftProblems({ mrn: 'M1', familyName: 'Sukarno', birthDate: '2026-12-06', sex: 'M' }, '2026-12-06')).toEqual({});
  });
});
