// Before the screen is handed over, staff say which form, who signs (the patient or a representative,
// with relationship and authority), any witness or interpreter, how identity was checked, and until
// when the granted uses hold. Then signing mode starts with the form's exact text.
import { useState, type FormEvent } from 'react';
import { IDENTITY_METHODS, SIGNER_ROLES, Signers, type IdentityCheck, type SignerRole } from '../../../shared/consent';
import type { Patient } from '../../../shared/domain';
import { call } from '../app/clinic';
import { messageFor } from '../app/errors';
import { Dialog } from '../components/Dialog';
import { Field } from '../components/Field';
import { ErrorMessage } from '../components/Notice';
import { useQuery } from '../data/hooks';
import { useSigningStore } from './signing-store';

const ROLE_LABELS: Record<SignerRole, string> = { patient: 'The patient', parent: 'Parent', guardian: 'Guardian', 'legal-representative': 'Legal representative' };
const METHOD_LABELS: Record<IdentityCheck['method'], string> = {
  'photo-id': 'Photo identification',
  wristband: 'Wristband',
  'known-to-staff': 'Known to staff',
  other: 'Other',
};
const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

export function PrepareSigningDialog({ patient, onClose }: { readonly patient: Patient; readonly onClose: () => void }) {
  const start = useSigningStore((s) => s.start);
  const templates = useQuery(['consent.listTemplates'], (api) => api.consent.listTemplates({}));
  const current = (templates.data ?? []).filter((t) => t.current);
  const [templateId, setTemplateId] = useState('');
  const [role, setRole] = useState<SignerRole>('patient');
  const [name, setName] = useState(`${patient.givenName} ${patient.familyName}`);
  const [relationship, setRelationship] = useState('');
  const [authority, setAuthority] = useState('');
  const [minorName, setMinorName] = useState('');
  const [minorAgrees, setMinorAgrees] = useState(true);
  const [witness, setWitness] = useState('');
  const [interpreter, setInterpreter] = useState('');
  const [language, setLanguage] = useState('');
  const [method, setMethod] = useState<IdentityCheck['method']>('photo-id');
  const [note, setNote] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = templateId || current[0]?.id || '';

  async function submit(event: FormEvent) {
    event.preventDefault();
    const representative = role !== 'patient';
    const signers = Signers.safeParse({
      signer: { role, name, relationship: representative ? orNull(relationship) : null, authority: representative ? orNull(authority) : null },
      minorAssent: representative && orNull(minorName) ? { name: minorName.trim(), given: minorAgrees } : null,
      witness: orNull(witness) ? { name: witness.trim() } : null,
      interpreter: orNull(interpreter) ? { name: interpreter.trim(), language: language.trim() } : null,
    });
    if (!signers.success) {
      const issue = signers.error.issues[0];
      setError(issue ? `${issue.path.join(' ')} ${issue.message}`.trim() : 'Check the signer fields.');
      return;
    }
    if (!chosen) return setError('There is no consent form to sign. An administrator can add one.');
    setBusy(true);
    setError(null);
    const shown = await call((api) => api.consent.getTemplate({ templateId: chosen }));
    setBusy(false);
    if (!shown.ok) return setError(messageFor(shown.error));
    onClose();
    start({ patientId: patient.id, shown: shown.value, signers: signers.data, identityCheck: { method, note: orNull(note) }, expiresOn: orNull(expiresOn) });
  }

  return (
    <Dialog title="Sign photo consent" onClose={onClose} className="consent-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
        <ErrorMessage>{error ?? (templates.error ? messageFor(templates.error) : null)}</ErrorMessage>
        <Field label="Form">
          {(p) => (
            <select {...p} value={chosen} onChange={(e) => setTemplateId(e.target.value)}>
              {current.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} (version {t.version}, {t.language})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Who signs">
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole(e.target.value as SignerRole)}>
              {SIGNER_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Signer's name">{(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}</Field>
        {role !== 'patient' ? (
          <>
            <Field label="Relationship to the patient" hint="For example: mother">
              {(p) => <input {...p} value={relationship} onChange={(e) => setRelationship(e.target.value)} autoComplete="off" />}
            </Field>
            <Field label="Authority" hint="For example: parental responsibility, or the court order's number">
              {(p) => <input {...p} value={authority} onChange={(e) => setAuthority(e.target.value)} autoComplete="off" />}
            </Field>
            <Field label="Child's name, for the child's own agreement (optional)">
              {(p) => <input {...p} value={minorName} onChange={(e) => setMinorName(e.target.value)} autoComplete="off" />}
            </Field>
            {orNull(minorName) ? (
              <label className="checkbox">
                <input type="checkbox" checked={minorAgrees} onChange={(e) => setMinorAgrees(e.target.checked)} /> The child agrees
              </label>
            ) : null}
          </>
        ) : null}
        <Field label="Witness (optional)">{(p) => <input {...p} value={witness} onChange={(e) => setWitness(e.target.value)} autoComplete="off" />}</Field>
        <Field label="Interpreter (optional)">{(p) => <input {...p} value={interpreter} onChange={(e) => setInterpreter(e.target.value)} autoComplete="off" />}</Field>
        {orNull(interpreter) ? <Field label="Interpreter's language">{(p) => <input {...p} value={language} onChange={(e) => setLanguage(e.target.value)} />}</Field> : null}
        <Field label="Identity checked by">
          {(p) => (
            <select {...p} value={method} onChange={(e) => setMethod(e.target.value as IdentityCheck['method'])}>
              {IDENTITY_METHODS.map((m) => (
                <option key={m} value={m}>
                  {METHOD_LABELS[m]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Identity check note (optional)">{(p) => <input {...p} value={note} onChange={(e) => setNote(e.target.value)} autoComplete="off" />}</Field>
        <Field label="Granted uses hold until (optional)" hint="The last day, inclusive. Empty: until withdrawn.">
          {(p) => <input {...p} type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy || templates.data === undefined}>
            Hand the screen to the signer
          </button>
        </div>
      </form>
    </Dialog>
  );
}
