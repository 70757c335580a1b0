// Signing mode: the screen handed to the patient (or a tablet-like second monitor). It shows only the
// form's exact text, one grant/refuse choice per use, who is signing, and the pad: no header, no
// navigation, no other patient data. Escape does nothing here; the one way out is "Hand back to
// staff", which locks the session so the staff member's password is needed to see anything else.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { CONSENT_SCOPES, type ConsentRecord, type ConsentScope, type ScopeDecision } from '../../../shared/consent';
import { describeError, messageFor } from '../app/errors';
import { useSubmit } from '../data/hooks';
import { useLocale, type Translate } from '../i18n';
import { SignaturePad, emptyRecording } from './SignaturePad';
import { signaturePng } from './pad-ink';
import { signatureProblem, type PadRecording } from './pad-recording';
import { signingLanguage } from './signing-language';
import { useSigningStore, type SigningRequest } from './signing-store';
import { scopeLabel } from './scope-labels';
import { SignerSummary } from './SignerSummary';
import './consent.css';

type Answer = 'grant' | 'refuse';

export function SigningMode({ request, clinicName }: { readonly request: SigningRequest; readonly clinicName: string }) {
  // Everything the signer reads is in the form's language (signing-language.ts), not the UI's.
  const ui = useLocale();
  const language = useMemo(() => signingLanguage(request.shown.template.language, ui), [request.shown.template.language, ui]);
  const { t, f } = language.translator;
  const handBack = useSigningStore((s) => s.handBack);
  const [answers, setAnswers] = useState<Partial<Record<ConsentScope, Answer>>>({});
  const [face, setFace] = useState<boolean | null>(null);
  const [recording, setRecording] = useState<PadRecording>(emptyRecording);
  const [problem, setProblem] = useState<string | null>(null);
  const [signed, setSigned] = useState<ConsentRecord | null>(null);
  const submit = useSubmit();
  const padHelpId = useId();
  const textRef = useRef<HTMLElement>(null);
  const [moreText, setMoreText] = useState(false);

  // Headless and overlay scrollbars do not show: say in words when the form continues below.
  useEffect(() => {
    const box = textRef.current;
    if (!box) return;
    const check = () => setMoreText(box.scrollTop + box.clientHeight < box.scrollHeight - 4);
    check();
    box.addEventListener('scroll', check, { passive: true });
    const observer = new ResizeObserver(check);
    observer.observe(box);
    return () => {
      box.removeEventListener('scroll', check);
      observer.disconnect();
    };
  }, [signed]);

  // Escape must not leave signing mode (nor close anything): swallow it before anyone sees it.
  useEffect(() => {
    const swallow = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener('keydown', swallow, { capture: true });
    return () => window.removeEventListener('keydown', swallow, { capture: true });
  }, []);

  const expiresOn = request.expiresOn;

  async function sign() {
    const unanswered = CONSENT_SCOPES.filter((s) => answers[s] === undefined);
    const missing =
      unanswered.length > 0
        ? t('consent.signing.answerAll', { count: unanswered.length })
        : face === null
          ? t('consent.signing.answerFace')
          : signatureWords(t, signatureProblem(recording.strokes));
    setProblem(missing);
    if (missing) return;
    const decisions: ScopeDecision[] = CONSENT_SCOPES.map((scope) => ({
      scope,
      decision: answers[scope] ?? 'refuse',
      expiresOn: answers[scope] === 'grant' ? expiresOn : null,
    }));
    const { template } = request.shown;
    const result = await submit.run((api) =>
      api.consent.recordSigned({
        patientId: request.patientId,
        template: { templateId: template.id, version: template.version, sha256: request.shown.shownSha256 },
        decisions,
        limits: { bodySites: null, faceMayBeVisible: face ?? false },
        signers: request.signers,
        identityCheck: request.identityCheck,
        signature: { ...recording, strokes: recording.strokes.map((s) => [...s]), png: signaturePng(recording) },
        signedAt: new Date().toISOString(),
      }),
    );
    if (result?.ok) setSigned(result.value);
  }

  const errorText = submit.error ? (describeError(submit.error).message ?? messageFor(submit.error)) : null;

  return (
    <div className="signing" role="main" aria-labelledby="signing-title" lang={request.shown.template.language} dir={language.dir}>
      <header className="signing__bar">
        <div>
          <p className="signing__clinic">{clinicName}</p>
          <h1 id="signing-title">{request.shown.template.name}</h1>
        </div>
        <button type="button" className="button button--secondary button--large" onClick={handBack}>
          {t('consent.signing.handBack')}
        </button>
      </header>
      {signed ? (
        <section className="signing__done" aria-live="polite">
          <h2>{t('consent.signing.thanks')}</h2>
          <p>{t('consent.signing.handBackPlease')}</p>
          <button type="button" className="button button--primary button--large" onClick={handBack}>
            {t('consent.signing.handBack')}
          </button>
        </section>
      ) : (
        <div className="signing__body">
          <div className="signing__text-area">
            <section ref={textRef} className="signing__text" aria-label={t('consent.signing.text')} tabIndex={0}>
              <p lang={request.shown.template.language}>{request.shown.shownText}</p>
            </section>
            {moreText ? (
              <p className="signing__more" aria-hidden="true">
                {t('consent.signing.more')}
              </p>
            ) : null}
          </div>
          <section className="signing__choices" aria-labelledby="signing-choices-title">
            <h2 id="signing-choices-title">{t('consent.signing.agree')}</h2>
            {CONSENT_SCOPES.map((scope) => (
              <Choice
                key={scope}
                t={t}
                label={scopeLabel(t, scope)}
                note={answers[scope] === 'grant' && expiresOn ? t('consent.signing.until', { date: f.date(expiresOn) }) : null}
                value={answers[scope] ?? null}
                onChange={(answer) => setAnswers((a) => ({ ...a, [scope]: answer }))}
              />
            ))}
            <Choice t={t} label={t('consent.signing.face')} note={null} value={face === null ? null : face ? 'grant' : 'refuse'} onChange={(a) => setFace(a === 'grant')} />
          </section>
          <section className="signing__sign" aria-label={t('consent.signing.signature')}>
            <p id={padHelpId} className="signing__help">
              {t('consent.signing.help')}
            </p>
            <SignaturePad t={t} recording={recording} onChange={(r) => { setRecording(r); setProblem(null); }} disabled={submit.pending} describedBy={padHelpId} />
            <div className="signing__submit">
              <SignerSummary t={t} signers={request.signers} />
              <p className="signing__problem" role="alert">
                {problem ?? errorText}
              </p>
              <button type="button" className="button button--primary button--large signing__sign-button" onClick={() => void sign()} disabled={submit.pending}>
                {t(submit.pending ? 'consent.signing.saving' : 'consent.signing.sign')}
              </button>
            </div>
          </section>
        </div>
      )}
    </div>
  );
}

/** The signer's words for why the pad does not hold a signature yet. */
function signatureWords(t: Translate, problem: ReturnType<typeof signatureProblem>): string | null {
  if (problem === 'empty') return t('consent.signing.signInBox');
  if (problem === 'too-short') return t('consent.signing.tooShort');
  return null;
}

function Choice({ t, label, note, value, onChange }: { t: Translate; label: string; note: string | null; value: Answer | null; onChange: (a: Answer) => void }) {
  const name = useId();
  return (
    <fieldset className="signing-choice">
      <legend>{label}</legend>
      {note ? <span className="signing-choice__note">{note}</span> : null}
      <div className="signing-choice__options">
        {(['grant', 'refuse'] as const).map((answer) => (
          <label key={answer} className={value === answer ? `signing-choice__option signing-choice__option--${answer} is-chosen` : 'signing-choice__option'}>
            <input type="radio" name={name} checked={value === answer} onChange={() => onChange(answer)} />
            {t(answer === 'grant' ? 'consent.signing.yes' : 'consent.signing.no')}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
