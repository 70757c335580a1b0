// Correcting what a photo says about itself: body site, side, view and visit (one of the same
// patient's), with a reason. Afterwards it shows what happened at the receiving systems.
import { useState, type FormEvent } from 'react';
import type { PhotoCorrectionResult } from '../../../shared/channels/corrections';
import type { Encounter, Photo } from '../../../shared/domain';
import { BODY_SITES, findBodySite } from '../../../shared/value-sets/body-sites';
import { lateralitiesFor, VIEWS, type Laterality, type View } from '../../../shared/value-sets/views';
import { fieldErrors, messageFor } from '../app/errors';
import { Dialog } from '../components/Dialog';
import { Field, sentence } from '../components/Field';
import { ErrorMessage } from '../components/Notice';
import { useSubmit } from '../data/hooks';
import { useFormat, useT } from '../i18n';
import { CorrectionOutcome } from './CorrectionOutcome';
import { ReasonField, reasonOk } from './ReasonField';

interface Props {
  readonly photo: Photo;
  readonly encounters: readonly Encounter[];
  readonly onClose: () => void;
  readonly onCorrected: () => void;
}

const SITES_BY_NAME = [...BODY_SITES].sort((a, b) => a.display.localeCompare(b.display));

export function CorrectPhotoDialog({ photo, encounters, onClose, onCorrected }: Props) {
  const t = useT();
  const f = useFormat();
  const [site, setSite] = useState(photo.context?.bodySite.code ?? '');
  const [laterality, setLaterality] = useState<Laterality | ''>(photo.context?.laterality ?? '');
  const [view, setView] = useState<View | ''>(photo.context?.view ?? '');
  const [encounterId, setEncounterId] = useState(photo.encounterId ?? '');
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [unchanged, setUnchanged] = useState(false);
  const [result, setResult] = useState<PhotoCorrectionResult | null>(null);
  const submit = useSubmit();
  const concept = findBodySite(site);
  const sides = concept ? lateralitiesFor(concept.paired) : [];
  const fields = fieldErrors(submit.error);

  function chooseSite(code: string) {
    setSite(code);
    const allowed = findBodySite(code) ? lateralitiesFor(findBodySite(code)!.paired) : [];
    // An unpaired site has one possible side; a paired one keeps the side if it still fits.
    if (allowed.length === 1) setLaterality(allowed[0]!);
    else if (laterality !== '' && !allowed.includes(laterality)) setLaterality('');
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (!reasonOk(reason) || (site !== '' && laterality === '')) return;
    const change = {
      ...(site !== '' && site !== photo.context?.bodySite.code ? { bodySiteCode: site } : {}),
      ...(laterality !== '' && laterality !== photo.context?.laterality ? { laterality } : {}),
      ...(view !== '' && view !== photo.context?.view ? { view } : {}),
      ...(encounterId !== (photo.encounterId ?? '') ? { encounterId: encounterId === '' ? null : encounterId } : {}),
    };
    setUnchanged(Object.keys(change).length === 0);
    if (Object.keys(change).length === 0) return;
    const r = await submit.run((api) => api.corrections.correctPhoto({ photoId: photo.id, reason, ...change }));
    if (r?.ok) setResult(r.value);
  }

  return (
    <Dialog title={t('corrections.photo.correctTitle')} onClose={result ? onCorrected : onClose} className="dialog--form">
      {result ? (
        <CorrectionOutcome result={result} onClose={onCorrected} />
      ) : (
        <form onSubmit={save} noValidate aria-busy={submit.pending}>
          <ErrorMessage>{unchanged ? t('corrections.nothingChanged') : submit.error && Object.keys(fields).length === 0 ? messageFor(submit.error) : null}</ErrorMessage>
          <Field label={t('corrections.photo.bodySite')} error={sentence(t('corrections.photo.bodySite'), fields.bodySiteCode)}>
            {(p) => (
              <select {...p} name="bodySite" value={site} onChange={(e) => chooseSite(e.target.value)}>
                <option value="" disabled>
                  {t('corrections.photo.choose')}
                </option>
                {SITES_BY_NAME.map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.display}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="form-row">
            <Field label={t('corrections.photo.laterality')} error={tried && site !== '' && laterality === '' ? sentence(t('corrections.photo.laterality'), 'is required') : sentence(t('corrections.photo.laterality'), fields.laterality)}>
              {(p) => (
                <select {...p} name="laterality" value={laterality} disabled={sides.length === 0} onChange={(e) => setLaterality(e.target.value as Laterality)}>
                  <option value="" disabled>
                    {t('corrections.photo.choose')}
                  </option>
                  {sides.map((l) => (
                    <option key={l} value={l}>
                      {t(`corrections.laterality.${l}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('corrections.photo.view')}>
              {(p) => (
                <select {...p} name="view" value={view} onChange={(e) => setView(e.target.value as View)}>
                  <option value="" disabled>
                    {t('corrections.photo.choose')}
                  </option>
                  {VIEWS.map((v) => (
                    <option key={v} value={v}>
                      {t(`corrections.view.${v}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <Field label={t('corrections.photo.encounter')} error={sentence(t('corrections.photo.encounter'), fields.encounterId)}>
            {(p) => (
              <select {...p} name="encounter" value={encounterId} onChange={(e) => setEncounterId(e.target.value)}>
                <option value="">{t('corrections.photo.noEncounter')}</option>
                {encounters.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.reason ? `${f.dateTime(e.startedAt)} — ${e.reason}` : f.dateTime(e.startedAt)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <ReasonField value={reason} onChange={setReason} showError={tried} />
          <div className="form-actions">
            <button type="button" className="button button--secondary" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="button button--primary" disabled={submit.pending}>
              {t('corrections.photo.save')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
