// The DIMSE part of the target form: the PACS's AE title, this station's, and how a delivery is
// verified (storage commitment, a C-FIND for the instance, or the C-STORE status alone for a PACS
// that answers no queries). TLS is on when a CA is pinned; without one, only a PACS on this
// computer is allowed.
import { DIMSE_VERIFICATIONS, type DimseTargetInput } from '../../../../shared/channels/dicom-ae';
import { Field, sentence } from '../../components/Field';

const VERIFICATION_LABELS: Record<(typeof DIMSE_VERIFICATIONS)[number], string> = {
  commitment: 'Storage commitment (the PACS confirms it keeps the photo)',
  find: 'Ask the PACS for the instance (C-FIND)',
  'store-status': 'Trust the C-STORE status (PACS answers no queries)',
};

export function DimseFields({
  value,
  onChange,
  errors,
}: {
  readonly value: DimseTargetInput;
  readonly onChange: (next: DimseTargetInput) => void;
  readonly errors: Readonly<Record<string, string>>;
}) {
  return (
    <>
      <Field label="PACS AE title" hint="The called AE title, as the PACS administrator gave it." error={sentence('The AE title', errors['target.dimse.calledAe'] ?? errors['dimse.calledAe'])}>
        {(p) => <input {...p} value={value.calledAe} onChange={(e) => onChange({ ...value, calledAe: e.target.value })} required maxLength={16} />}
      </Field>
      <Field label="This station's AE title" hint="The calling AE title the PACS knows this workstation by." error={sentence('The AE title', errors['target.dimse.callingAe'] ?? errors['dimse.callingAe'])}>
        {(p) => <input {...p} value={value.callingAe} onChange={(e) => onChange({ ...value, callingAe: e.target.value })} required maxLength={16} />}
      </Field>
      <Field label="Verification">
        {(p) => (
          <select {...p} value={value.verification} onChange={(e) => onChange({ ...value, verification: e.target.value as DimseTargetInput['verification'] })}>
            {DIMSE_VERIFICATIONS.map((v) => (
              <option key={v} value={v}>
                {VERIFICATION_LABELS[v]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {value.verification === 'commitment' ? (
        <Field
          label="Port for the PACS's reports"
          hint="This station listens on this port while it waits for the PACS to confirm; the PACS must know this station's address and port."
          error={sentence('The port', errors['target.dimse.commitmentPort'] ?? errors['dimse.commitmentPort'])}
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
