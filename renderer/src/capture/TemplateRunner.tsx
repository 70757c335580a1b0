// Capture templates: choose a procedure's shot list, then step through it. The current step is
// shown by its short name ("Right 45°") with a drawing of the pose and the prompt; its SNOMED CT
// site, side and view are in the details. Steps can be skipped or revisited for a retake; when
// every step is done no step is current and the shutter waits, until a step is revisited or the
// template is finished.
import { useId, useState } from 'react';
import { findBodySite } from '../../../shared/value-sets/body-sites';
import { CAPTURE_TEMPLATES, findTemplate, type CaptureTemplate, type TemplateShot } from '../../../shared/value-sets/templates';
import { useT } from '../i18n';
import { PoseIllustration } from './PoseIllustration';
import { useCaptureStandards } from './store';
import { useTemplateText } from './template-text';
import { useViewLabels } from './view-labels';
import './template.css';

export function TemplateRunner({ disabled = false }: { readonly disabled?: boolean }) {
  const t = useT();
  const text = useTemplateText();
  const { run, startTemplate, stopTemplate, goToStep, skipStep } = useCaptureStandards();
  const [choice, setChoice] = useState(CAPTURE_TEMPLATES[0]!.id);
  const id = useId();
  const template = run ? findTemplate(run.id) : undefined;

  if (!run || !template) {
    return (
      <div className="template-start">
        <div className="field">
          <label htmlFor={id}>{t('capture.template.choose')}</label>
          <select id={id} value={choice} onChange={(e) => setChoice(e.target.value)} disabled={disabled}>
            {CAPTURE_TEMPLATES.map((tpl) => (
              <option key={tpl.id} value={tpl.id}>
                {t('capture.template.option', { name: text.name(tpl), count: tpl.shots.length })}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button" onClick={() => startTemplate(choice)} disabled={disabled}>
          {t('capture.template.start')}
        </button>
      </div>
    );
  }

  const done = Object.keys(run.results).length;
  const total = template.shots.length;
  return (
    <section className="template-run" aria-label={t('capture.template.region', { name: text.name(template) })}>
      <div className="template-run__head">
        <h3>{text.name(template)}</h3>
        <span className="muted">{t('capture.template.progress', { done, total })}</span>
        <button type="button" className="button button--ghost" onClick={stopTemplate}>
          {run.complete ? t('capture.template.finish') : t('capture.template.stop')}
        </button>
      </div>
      {run.complete ? (
        <p className="template-run__complete" role="status">
          {t('capture.template.complete', { total })}
        </p>
      ) : (
        <CurrentStep template={template} shot={template.shots[run.step]!} step={run.step} total={total} />
      )}
      <ol className="template-run__steps" aria-label={t('capture.template.steps')}>
        {template.shots.map((s, i) => {
          const result = run.results[i];
          const current = !run.complete && i === run.step;
          const state = current ? 'current' : result === 'skipped' ? 'skipped' : result ? 'taken' : 'todo';
          return (
            <li key={i} className={`template-run__item template-run__item--${state}`}>
              <button type="button" className="button button--ghost template-run__chip" aria-current={current ? 'step' : undefined} onClick={() => goToStep(i)}>
                <span className="template-run__num">{i + 1}</span> {t(`capture.step.${s.name}`)} <span className="visually-hidden">({t(`capture.stepState.${state}`)})</span>
                <span className="template-run__state" aria-hidden="true">
                  {state === 'taken' ? '✓' : state === 'skipped' ? '–' : ''}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
      {run.complete ? null : (
        <div className="template-run__actions">
          <button type="button" className="button" onClick={() => goToStep(run.step - 1)} disabled={run.step === 0}>
            {t('capture.template.previous')}
          </button>
          <button type="button" className="button" onClick={skipStep} disabled={disabled}>
            {t('capture.template.skip')}
          </button>
        </div>
      )}
    </section>
  );
}

function CurrentStep({ template, shot, step, total }: { readonly template: CaptureTemplate; readonly shot: TemplateShot; readonly step: number; readonly total: number }) {
  const t = useT();
  const text = useTemplateText();
  const views = useViewLabels();
  const site = findBodySite(shot.siteCode)!;
  return (
    <div className="template-run__current" aria-live="polite">
      <PoseIllustration view={shot.view} className="template-run__pose" />
      <div className="template-run__text">
        <p className="template-run__step">
          <span className="muted">{t('capture.template.stepOf', { step: step + 1, total })}</span> <strong className="template-run__name">{t(`capture.step.${shot.name}`)}</strong>
        </p>
        <p className="template-run__prompt" role="note" aria-label={t('capture.template.prompt')}>
          {text.prompt(template, shot)}
        </p>
        <details className="template-run__details">
          <summary>{t('capture.template.details')}</summary>
          <p>{t('capture.template.detailText', { site: site.display, code: site.code, side: views.laterality(shot.laterality), view: views.view(shot.view) })}</p>
        </details>
      </div>
    </div>
  );
}
