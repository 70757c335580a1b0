// The clinic's identifier systems, on the administrator's Delivery screen: the MRN system URI the
// EMR matches patients on (FHIR Patient.identifier.system), the DICOM Issuer of Patient ID and the
// registered DICOM org UID root. Every photo delivered from then on carries them. An empty field
// returns that setting to its default.
import { useEffect, useState, type FormEvent } from 'react';
import { describeError } from '../../app/errors';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage, InfoMessage } from '../../components/Notice';
import { useQuery, useSubmit } from '../../data/hooks';
import { useT } from '../../i18n';

const orNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

export function IdentifierSystemsPanel() {
  const t = useT();
  const settings = useQuery('interop.getSettings', (api) => api.interop.getSettings({}));
  const save = useSubmit();
  const [mrnSystem, setMrnSystem] = useState('');
  const [issuer, setIssuer] = useState('');
  const [orgRoot, setOrgRoot] = useState('');
  const [saved, setSaved] = useState(false);
  const shown = describeError(save.error ?? settings.error);

  // The form starts from the stored settings once they arrive.
  useEffect(() => {
    if (!settings.data) return;
    setMrnSystem(settings.data.mrnSystem ?? '');
    setIssuer(settings.data.issuerOfPatientId ?? '');
    setOrgRoot(settings.data.orgUidRoot ?? '');
  }, [settings.data]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const r = await save.run((api) => api.interop.updateSettings({ mrnSystem: orNull(mrnSystem), issuerOfPatientId: orNull(issuer), orgUidRoot: orNull(orgRoot) }));
    if (!r?.ok) return;
    setSaved(true);
    void settings.reload();
  }

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="identifier-systems-title">
      <h2 id="identifier-systems-title">{t('delivery.ids.title')}</h2>
      <ErrorMessage>{shown.message}</ErrorMessage>
      <InfoMessage>{saved ? t('delivery.ids.saved') : null}</InfoMessage>
      <Field
        label={t('delivery.ids.mrnSystem')}
        hint={t('delivery.ids.mrnSystemHint', { fallback: 'urn:clinic-photo:mrn' })}
        error={sentence(t('delivery.ids.mrnSystem'), shown.fields.mrnSystem)}
      >
        {(p) => <input {...p} type="text" inputMode="url" value={mrnSystem} onChange={(e) => setMrnSystem(e.target.value)} placeholder="https://emr.example.org/fhir/sid/mrn" />}
      </Field>
      <Field label={t('delivery.ids.issuer')} hint={t('delivery.ids.issuerHint')} error={sentence(t('delivery.ids.issuerName'), shown.fields.issuerOfPatientId)}>
        {(p) => <input {...p} type="text" maxLength={64} value={issuer} onChange={(e) => setIssuer(e.target.value)} />}
      </Field>
      <Field
        label={t('delivery.ids.orgRoot')}
        hint={t('delivery.ids.orgRootHint')}
        error={sentence(t('delivery.ids.orgRootName'), shown.fields.orgUidRoot)}
      >
        {(p) => <input {...p} type="text" inputMode="decimal" maxLength={33} value={orgRoot} onChange={(e) => setOrgRoot(e.target.value)} placeholder="1.2.826.0.1.3680043.10.543" />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.pending}>
          {t('delivery.ids.save')}
        </button>
      </div>
    </form>
  );
}
