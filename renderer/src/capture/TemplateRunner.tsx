// Capture templates: choose a procedure's shot list, then step through it. Each step prefills the
// site, side and view and shows the pose prompt; steps can be skipped or revisited for a retake,
// and each photo records the template and step it was taken for.
import { useId, useState } from 'react';
import { findBodySite } from '../../../shared/value-sets/body-sites';
import { CAPTURE_TEMPLATES, findTemplate } from '../../../shared/value-sets/templates';
import { LATERALITY_LABELS, VIEW_LABELS } from '../../../shared/value-sets/views';
import { useCaptureStandards } from './store';

export function TemplateRunner({ disabled = false }: { readonly disabled?: boolean }) {
  const { run, startTemplate, stopTemplate, goToStep, skipStep } = useCaptureStandards();
  const [choice, setChoice] = useState(CAPTURE_TEMPLATES[0]!.id);
  const id = useId();
  const template = run ? findTemplate(run.id) : undefined;

  if (!run || !template) {
    return (
      <div className="template-runner">
        <div className="field field--inline">
          <label htmlFor={id}>Capture template</label>
          <select id={id} value={choice} onChange={(e) => setChoice(e.target.value)} disabled={disabled}>
            {CAPTURE_TEMPLATES.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.shots.length} shots)
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button" onClick={() => startTemplate(choice)} disabled={disabled}>
          Start template
        </button>
      </div>
    );
  }

  const shot = template.shots[run.step]!;
  const site = findBodySite(shot.siteCode)!;
  const done = Object.keys(run.results).length;
  return (
    <section className="template-runner template-runner--active" aria-label={`Template: ${template.name}`}>
      <div className="template-runner__head">
        <h3>{template.name}</h3>
        <span className="muted">
          {done} of {template.shots.length} done
        </span>
        <button type="button" className="button button--ghost" onClick={stopTemplate}>
          Stop template
        </button>
      </div>
      <p className="template-runner__step" aria-live="polite">
        <strong>
          Step {run.step + 1} of {template.shots.length}:
        </strong>{' '}
        {site.display}, {LATERALITY_LABELS[shot.laterality].toLowerCase()}, {VIEW_LABELS[shot.view].toLowerCase()}
      </p>
      <p className="template-runner__prompt" role="note" aria-label="Pose prompt">
        {shot.prompt}
      </p>
      <ol className="template-runner__steps" aria-label="Template steps">
        {template.shots.map((s, i) => {
          const result = run.results[i];
          const state = i === run.step ? 'current' : result === 'skipped' ? 'skipped' : result ? 'taken' : 'to do';
          return (
            <li key={i} className={`template-runner__item template-runner__item--${state.replace(' ', '-')}`}>
              <button type="button" className="button button--ghost" aria-current={i === run.step ? 'step' : undefined} onClick={() => goToStep(i)}>
                {i + 1}. {findBodySite(s.siteCode)?.display}, {LATERALITY_LABELS[s.laterality].toLowerCase()}, {VIEW_LABELS[s.view].toLowerCase()}{' '}
                <span className="muted">({state})</span>
              </button>
            </li>
          );
        })}
      </ol>
      <div className="template-runner__actions">
        <button type="button" className="button" onClick={() => goToStep(run.step - 1)} disabled={run.step === 0}>
          Previous step
        </button>
        <button type="button" className="button" onClick={skipStep} disabled={disabled}>
          Skip step
        </button>
      </div>
    </section>
  );
}
