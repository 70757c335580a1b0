// The DIMSE part of the target form: the PACS's AE title, this station's, and how a delivery is
// verified (storage commitment, a C-FIND for the instance, or the C-STORE status alone for a PACS
// that answers no queries). TLS is on when a CA is pinned; without one, only a PACS on this
// computer is allowed.
import { DIMSE_VERIFICATIONS, type DimseTargetInput } from '../../../../shared/channels/dicom-ae';
import { Field, sentence } from '../../components/Field';
import { useT } from '../../i18n';

export function DimseFields({
  value,
  onChange,
  errors,
}: {
  readonly value: DimseTargetInput;
  readonly onChange: (next: DimseTargetInput) => void;
  readonly errors: Readonly<Record<string, string>>;
}) {
  const t = useT();
  return (
    <>
      <Field label={t('delivery.dimse.calledAe')} hint={t('delivery.dimse.calledAeHint')} error={sentence(t('delivery.dimse.theAeTitle'), errors['target.dimse.calledAe'] ?? errors['dimse.calledAe'])}>
        {(p) => <input {...p} value={value.calledAe} onChange={(e) => onChange({ ...value, calledAe: e.target.value })} required maxLength={16} />}
      </Field>
      <Field label={t('delivery.dimse.callingAe')} hint={t('delivery.dimse.callingAeHint')} error={sentence(t('delivery.dimse.theAeTitle'), errors['target.dimse.callingAe'] ?? errors['dimse.callingAe'])}>
        {(p) => <input {...p} value={value.callingAe} onChange={(e) => onChange({ ...value, callingAe: e.target.value })} required maxLength={16} />}
      </Field>
      <Field label={t('delivery.dimse.verification')}>
        {(p) => (
          <select {...p} value={value.verification} onChange={(e) => onChange({ ...value, verification: e.target.value as DimseTargetInput['verification'] })}>
            {DIMSE_VERIFICATIONS.map((v) => (
              <option key={v} value={v}>
                {t(`delivery.dimse.verify.${v}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {value.verification === 'commitment' ? (
        <Field
          label={t('delivery.dimse.port')}
          hint={t('delivery.dimse.portHint')}
          error={sentence(t('delivery.dimse.thePort'), errors['target.dimse.commitmentPort'] ?? errors['dimse.commitmentPort'])}
        >
          {(p) => (
            <input
              {...p}
              type="number"
              min={1}
              max={65535}
              value={value.commitmentPort ?? ''}
              onChange={(e) => onChange({ ...value, commitmentPort: e.target.value === '' ? null : Number(e.target.value) })}
              required
            />
          )}
        </Field>
      ) : null}
    </>
  );
}
