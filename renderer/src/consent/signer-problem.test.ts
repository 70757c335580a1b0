// The signer fields' problems name the field in the staff member's language, never the schema's
// path and English.
import { describe, expect, it } from 'vitest';
import { Signers } from '../../../shared/consent';
import { translator } from '../../../shared/i18n/intl';
import { signerProblem } from './signer-problem';

/** The first issue the shared schema finds in these signer fields. */
function firstIssuePath(input: unknown): readonly PropertyKey[] {
  const parsed = Signers.safeParse(input);
  if (parsed.success) throw new Error('expected a problem');
  return parsed.error.issues[0]!.path;
}

describe('signerProblem', () => {
  const en = translator('en').t;
  const de = translator('de').t;

  it('asks a representative for the relationship and the authority', () => {
    const path = firstIssuePath({ signer: { role: 'parent', name: 'Ada Moreau', relationship: null, authority: null } });
    expect(signerProblem(en, path)).toBe('A representative needs a relationship to the patient and an authority.');
    expect(signerProblem(de, path)).toBe('Bei einer Vertretung sind das Verhältnis zum Patienten und die Vertretungsbefugnis erforderlich.');
  });

  it('names the field by its label for a name that is not one', () => {
    const path = firstIssuePath({ signer: { role: 'patient', name: 'Ada Moreau' }, witness: { name: '' } });
    expect(signerProblem(en, path)).toBe('Check “Witness (optional)”: it is empty, too long or not a name.');
    expect(signerProblem(de, path)).toBe('Prüfen Sie „Zeuge/Zeugin (optional)“: Das Feld ist leer, zu lang oder kein Name.');
  });

  it('falls back to a general sentence for a path it does not know', () => {
    expect(signerProblem(en, ['minorAssent', 'given'])).toBe('Check the signer fields.');
  });
});
