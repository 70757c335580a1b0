// What staff read when the signer fields fail the shared Signers schema: which field to look at,
// in their language, rather than the schema's path and English ("signer relationship a
// representative needs ..."). Pure, so it is tested in Node.
import type { MessageId, Translate } from '../i18n';

/** The form's label for each signer field the schema checks, by the path. */
const FIELD_KEYS: Readonly<Record<string, MessageId>> = {
  'signer.name': 'consent.prepare.signerName',
  'signer.relationship': 'consent.prepare.relationship',
  'signer.authority': 'consent.prepare.authority',
  'minorAssent.name': 'consent.prepare.childName',
  'witness.name': 'consent.prepare.witness',
  'interpreter.name': 'consent.prepare.interpreter',
  'interpreter.language': 'consent.prepare.interpreterLanguage',
};

/** A signer problem in the user's words: which field to check, not the schema's English. */
export function signerProblem(t: Translate, path: readonly PropertyKey[]): string {
  const where = path.map(String).join('.');
  if (where === 'signer.relationship' || where === 'signer.authority') return t('consent.prepare.representativeNeeds');
  const key = FIELD_KEYS[where];
  return key ? t('consent.prepare.checkField', { field: t(key) }) : t('consent.prepare.checkSigner');
}
