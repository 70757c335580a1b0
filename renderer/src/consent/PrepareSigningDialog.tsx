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
import { useT } from '../i18n';
import { signerProblem } from './signer-problem';
import { useSigningStore } from './signing-store';
import { DateInput, stopAtUnreadableDate } from '../components/DateInput';

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

export function PrepareSigningDialog({ patient, onClose }: { readonly patient: Patient; readonly onClose: () => void }) {
  const t = useT();
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

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (stopAtUnreadableDate(event)) return;
    const representative = role !== 'patient';
    const signers = Signers.safeParse({
      signer: { role, name, relationship: representative ? orNull(relationship) : null, authority: representative ? orNull(authority) : null },
      minorAssent: representative && orNull(minorName) ? { name: minorName.trim(), given: minorAgrees } : null,
      witness: orNull(witness) ? { name: witness.trim() } : null,
      interpreter: orNull(interpreter) ? { name: interpreter.trim(), language: language.trim() } : null,
    });
    if (!signers.success) {
      const issue = signers.error.issues[0];
      setError(issue ? signerProblem(t, issue.path) : t('consent.prepare.checkSigner'));
      return;
    }
    if (!chosen) return setError(t('consent.prepare.noForm'));
    setBusy(true);
    setError(null);
    const shown = await call((api) => api.consent.getTemplate({ templateId: chosen }));
    setBusy(false);
    if (!shown.ok) return setError(messageFor(shown.error));
    onClose();
    start({ patientId: patient.id, shown: shown.value, signers: signers.data, identityCheck: { method, note: orNull(note) }, expiresOn: orNull(expiresOn) });
  }

  return (
    <Dialog title={t('consent.prepare.title')} onClose={onClose} className="consent-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
        <ErrorMessage>{error ?? (templates.error ? messageFor(templates.error) : null)}</ErrorMessage>
        <Field label={t('consent.prepare.form')}>
          {(p) => (
            <select {...p} value={chosen} onChange={(e) => setTemplateId(e.target.value)}>
              {current.map((tpl) => (
                <option key={tpl.id} value={tpl.id}>
                  {t('consent.prepare.formOption', { name: tpl.name, version: tpl.version, language: tpl.language })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('consent.prepare.whoSigns')}>
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole(e.target.value as SignerRole)}>
              {SIGNER_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`consent.signerRole.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('consent.prepare.signerName')}>{(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}</Field>
        {role !== 'patient' ? (
          <>
            <Field label={t('consent.prepare.relationship')} hint={t('consent.prepare.relationshipHint')}>
              {(p) => <input {...p} value={relationship} onChange={(e) => setRelationship(e.target.value)} autoComplete="off" />}
            </Field>
            <Field label={t('consent.prepare.authority')} hint={t('consent.prepare.authorityHint')}>
              {(p) => <input {...p} value={authority} onChange={(e) => setAuthority(e.target.value)} autoComplete="off" />}
            </Field>
            <Field label={t('consent.prepare.childName')}>
              {(p) => <input {...p} value={minorName} onChange={(e) => setMinorName(e.target.value)} autoComplete="off" />}
            </Field>
            {orNull(minorName) ? (
              <label className="checkbox">
                <input type="checkbox" checked={minorAgrees} onChange={(e) => setMinorAgrees(e.target.checked)} /> {t('consent.prepare.childAgrees')}
              </label>
            ) : null}
          </>
        ) : null}
        <Field label={t('consent.prepare.witness')}>{(p) => <input {...p} value={witness} onChange={(e) => setWitness(e.target.value)} autoComplete="off" />}</Field>
        <Field label={t('consent.prepare.interpreter')}>{(p) => <input {...p} value={interpreter} onChange={(e) => setInterpreter(e.target.value)} autoComplete="off" />}</Field>
        {orNull(interpreter) ? <Field label={t('consent.prepare.interpreterLanguage')}>{(p) => <input {...p} value={language} onChange={(e) => setLanguage(e.target.value)} />}</Field> : null}
        <Field label={t('consent.prepare.identity')}>
          {(p) => (
            <select {...p} value={method} onChange={(e) => setMethod(e.target.value as IdentityCheck['method'])}>
              {IDENTITY_METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`consent.identityMethod.${m}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('consent.prepare.identityNote')}>{(p) => <input {...p} value={note} onChange={(e) => setNote(e.target.value)} autoComplete="off" />}</Field>
        <Field label={t('consent.holdUntil')} hint={t('consent.prepare.holdUntilHint')}>
          {(p) => <DateInput {...p} value={expiresOn} onValue={setExpiresOn} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy || templates.data === undefined}>
            {t('consent.prepare.handOver')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
