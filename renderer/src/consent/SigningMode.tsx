// Signing mode: the screen handed to the patient (or a tablet-like second monitor). It shows only the
// form's exact text, one grant/refuse choice per use, who is signing, and the pad: no header, no
// navigation, no other patient data. Escape does nothing here; the one way out is "Hand back to
// staff", which locks the session so the staff member's password is needed to see anything else.
import { useEffect, useId, useRef, useState } from 'react';
import { CONSENT_SCOPES, CONSENT_SCOPE_LABELS, type ConsentRecord, type ConsentScope, type ScopeDecision } from '../../../shared/consent';
import { describeError, messageFor } from '../app/errors';
import { formatIsoDate } from '../app/format';
import { useSubmit } from '../data/hooks';
import { SignaturePad, emptyRecording } from './SignaturePad';
import { signaturePng } from './pad-ink';
import { signatureProblem, type PadRecording } from './pad-recording';
import { useSigningStore, type SigningRequest } from './signing-store';
import { SignerSummary } from './SignerSummary';
import './consent.css';

type Answer = 'grant' | 'refuse';

export function SigningMode({ request, clinicName }: { readonly request: SigningRequest; readonly clinicName: string }) {
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
        ? `Please answer every question (${unanswered.length} left).`
        : face === null
          ? 'Please say whether your face may be visible.'
          : signatureProblem(recording.strokes);
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
    <div className="signing" role="main" aria-labelledby="signing-title">
      <header className="signing__bar">
        <div>
          <p className="signing__clinic">{clinicName}</p>
          <h1 id="signing-title">{request.shown.template.name}</h1>
        </div>
        <button type="button" className="button button--secondary button--large" onClick={handBack}>
          Hand back to staff
        </button>
      </header>
      {signed ? (
        <section className="signing__done" aria-live="polite">
          <h2>Thank you, your consent is recorded.</h2>
          <p>Please hand the screen back to the staff member.</p>
          <button type="button" className="button button--primary button--large" onClick={handBack}>
            Hand back to staff
          </button>
        </section>
      ) : (
        <div className="signing__body">
          <div className="signing__text-area">
            <section ref={textRef} className="signing__text" aria-label="Consent form text" tabIndex={0}>
              <p lang={request.shown.template.language}>{request.shown.shownText}</p>
            </section>
            {moreText ? (
              <p className="signing__more" aria-hidden="true">
                Scroll down to read the whole form ↓
              </p>
            ) : null}
          </div>
          <section className="signing__choices" aria-labelledby="signing-choices-title">
            <h2 id="signing-choices-title">I agree that my photos may be used for:</h2>
            {CONSENT_SCOPES.map((scope) => (
              <Choice
                key={scope}
                label={CONSENT_SCOPE_LABELS[scope]}
                note={answers[scope] === 'grant' && expiresOn ? `until ${formatIsoDate(expiresOn)}` : null}
                value={answers[scope] ?? null}
                onChange={(answer) => setAnswers((a) => ({ ...a, [scope]: answer }))}
              />
            ))}
            <Choice label="My face may be visible" note={null} value={face === null ? null : face ? 'grant' : 'refuse'} onChange={(a) => setFace(a === 'grant')} />
          </section>
          <section className="signing__sign" aria-label="Signature">
            <p id={padHelpId} className="signing__help">
              Sign inside the box with your finger, a pen or the mouse.
            </p>
            <SignaturePad recording={recording} onChange={(r) => { setRecording(r); setProblem(null); }} disabled={submit.pending} describedBy={padHelpId} />
            <div className="signing__submit">
              <SignerSummary signers={request.signers} />
              <p className="signing__problem" role="alert">
                {problem ?? errorText}
              </p>
              <button type="button" className="button button--primary button--large signing__sign-button" onClick={() => void sign()} disabled={submit.pending}>
                {submit.pending ? 'Saving…' : 'Sign'}
              </button>
            </div>
          </section>
        </div>
      )}
    </div>
  );
}

function Choice({ label, note, value, onChange }: { label: string; note: string | null; value: Answer | null; onChange: (a: Answer) => void }) {
  const name = useId();
  return (
    <fieldset className="signing-choice">
      <legend>{label}</legend>
      {note ? <span className="signing-choice__note">{note}</span> : null}
      <div className="signing-choice__options">
        {(['grant', 'refuse'] as const).map((answer) => (
          <label key={answer} className={value === answer ? `signing-choice__option signing-choice__option--${answer} is-chosen` : 'signing-choice__option'}>
            <input type="radio" name={name} checked={value === answer} onChange={() => onChange(answer)} />
            {answer === 'grant' ? 'Yes' : 'No'}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
