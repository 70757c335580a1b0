// Who and what every capture is for, always in view on the capture screen: patient (name, MRN,
// date of birth), encounter and provider. Capture is possible only when all three are set.
import type { Encounter, Patient } from '../../../shared/domain';
import { formatDateTime, formatIsoDate, patientName } from '../app/format';

interface Props {
  readonly patient: Patient | null;
  readonly encounter: Encounter | null;
  readonly providerName: string | null;
}

export function ContextBar({ patient, encounter, providerName }: Props) {
  return (
    <section className="context-bar" aria-label="Capture context">
      <dl className="context-bar__facts">
        <div>
          <dt>Patient</dt>
          <dd>{patient ? patientName(patient) : <span className="context-bar__missing">Not set</span>}</dd>
        </div>
        <div>
          <dt>MRN</dt>
          <dd className="mono">{patient?.mrn ?? '—'}</dd>
        </div>
        <div>
          <dt>Date of birth</dt>
          <dd>{patient ? formatIsoDate(patient.birthDate) : '—'}</dd>
        </div>
        <div>
          <dt>Encounter</dt>
          <dd>
            {encounter ? (
              <>
                {formatDateTime(encounter.startedAt)}
                {encounter.reason ? ` — ${encounter.reason}` : ''}
              </>
            ) : (
              <span className="context-bar__missing">Not set</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Provider</dt>
          <dd>{providerName ?? <span className="context-bar__missing">Not set</span>}</dd>
        </div>
      </dl>
    </section>
  );
}
