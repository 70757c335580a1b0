// Recording a scanned paper consent (clinics moving from paper): the scan (PDF, JPEG or PNG), the
// date on the form, and the choices it records per use. The core seals the scan like a photo.
import { useState, type FormEvent } from 'react';
import { CONSENT_SCOPES, type ConsentScope, type ScopeDecision } from '../../../shared/consent';
import { CONSENT_SCAN_MAX_BYTES } from '../../../shared/channels/consent';
import { describeError } from '../app/errors';
import { todayIso } from '../app/format';
import { Dialog } from '../components/Dialog';
import { Field } from '../components/Field';
import { ErrorMessage } from '../components/Notice';
import { useSubmit } from '../data/hooks';
import { useT } from '../i18n';
import { scopeLabel } from './scope-labels';
import { DateInput, stopAtUnreadableDate } from '../components/DateInput';

type Choice = 'grant' | 'refuse' | 'unstated';
const ACCEPTED = ['application/pdf', 'image/jpeg', 'image/png'];

function base64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

export function PaperConsentDialog({ patientId, onClose, onRecorded }: { readonly patientId: string; readonly onClose: () => void; readonly onRecorded: () => void }) {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [signedOn, setSignedOn] = useState(todayIso());
  const [expiresOn, setExpiresOn] = useState('');
  const [face, setFace] = useState(true);
  const [choices, setChoices] = useState<Record<ConsentScope, Choice>>(() => Object.fromEntries(CONSENT_SCOPES.map((s) => [s, 'unstated'])) as Record<ConsentScope, Choice>);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = useSubmit();

  async function record(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (stopAtUnreadableDate(event)) return;
    const decisions: ScopeDecision[] = CONSENT_SCOPES.flatMap((scope) => {
      const c = choices[scope];
      return c === 'unstated' ? [] : [{ scope, decision: c, expiresOn: c === 'grant' && expiresOn ? expiresOn : null }];
    });
    const missing = !file
      ? t('consent.paper.chooseScan')
      : !ACCEPTED.includes(file.type)
        ? t('consent.paper.wrongType')
        : file.size > CONSENT_SCAN_MAX_BYTES
          ? t('consent.paper.tooLarge', { mb: CONSENT_SCAN_MAX_BYTES / (1024 * 1024) })
          : decisions.length === 0
            ? t('consent.paper.noDecision')
            : null;
    setProblem(missing);
    if (missing || !file) return;
    const scan = await base64(file);
    const result = await submit.run((api) => api.consent.recordPaper({ patientId, decisions, limits: { bodySites: null, faceMayBeVisible: face }, signedOn, signers: null, scan }));
    if (result?.ok) {
      onRecorded();
      onClose();
    }
  }

  return (
    <Dialog title={t('consent.section.paper')} onClose={onClose} className="consent-dialog">
      <form onSubmit={(e) => void record(e)} noValidate aria-busy={submit.pending}>
        <ErrorMessage>{problem ?? (submit.error ? describeError(submit.error).message : null)}</ErrorMessage>
        <Field label={t('consent.paper.scan')}>
          {(p) => <input {...p} type="file" accept={ACCEPTED.join(',')} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
        </Field>
        <Field label={t('consent.paper.signedOn')}>{(p) => <DateInput {...p} value={signedOn} onValue={setSignedOn} />}</Field>
        <fieldset className="paper-choices">
          <legend>{t('consent.paper.perUse')}</legend>
          {CONSENT_SCOPES.map((scope) => (
            <Field key={scope} label={scopeLabel(t, scope)}>
              {(p) => (
                <select {...p} value={choices[scope]} onChange={(e) => setChoices((c) => ({ ...c, [scope]: e.target.value as Choice }))}>
                  <option value="unstated">{t('consent.paper.unstated')}</option>
                  <option value="grant">{t('consent.state.granted')}</option>
                  <option value="refuse">{t('consent.state.refused')}</option>
                </select>
              )}
            </Field>
          ))}
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" checked={face} onChange={(e) => setFace(e.target.checked)} /> {t('consent.paper.face')}
        </label>
        <Field label={t('consent.holdUntil')}>{(p) => <DateInput {...p} value={expiresOn} onValue={setExpiresOn} />}</Field>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={submit.pending}>
            {t('consent.section.paper')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
