// Integrity: checks the hash chain and signed checkpoints (docs/audit-log.md), shows the signing
// key's fingerprint to compare with a copy kept away from this workstation, and exports the whole
// log as JSON Lines for an auditor's offline `audit verify --file`.
import { useState } from 'react';
import type { ResponseOf } from '../../../../shared/contract';
import { InfoMessage } from '../../components/Notice';
import { CallError } from '../../data/CallError';
import { useQuery, useSubmit } from '../../data/hooks';
import { useFormat, useT } from '../../i18n';
import { downloadText } from './download';

type Verify = ResponseOf<'audit', 'verify'>;

/**
 * The core's problem text ("record 2 does not match its hash…") as a sentence. It stays in the
 * core's English: it is evidence an auditor compares with the CLI's `audit verify`, word for word.
 */
const sentenceCase = (text: string): string => (text ? `${text[0]!.toUpperCase()}${text.slice(1).replace(/\.?$/, '.')}` : '');

/** A key id in groups of four, as the core formats fingerprints. */
const groupsOfFour = (hex: string): string => hex.match(/.{1,4}/g)?.join(' ') ?? hex;

export function IntegrityPanel({ canExport }: { readonly canExport: boolean }) {
  const t = useT();
  const f = useFormat();
  const settingsQuery = useQuery('audit.settings', (api) => api.audit.settings({}));
  const settings = settingsQuery.data;
  const verifying = useSubmit();
  const exporting = useSubmit();
  const [report, setReport] = useState<Verify | null>(null);
  const [exported, setExported] = useState<string | null>(null);

  async function verify() {
    setReport(null);
    const r = await verifying.run((api) => api.audit.verify({}));
    if (r?.ok) setReport(r.value);
  }

  async function exportLog() {
    setExported(null);
    const r = await exporting.run((api) => api.audit.exportLog({}));
    if (!r?.ok) return;
    downloadText(r.value.fileName, r.value.content, 'application/jsonl');
    // The whole fingerprint, not a prefix: it is what an auditor compares (or passes as --expect-key)
    // to tell this workstation's export from one re-signed with another key.
    setExported(t('audit.integrity.exported', { fileName: r.value.fileName, count: r.value.records, fingerprint: groupsOfFour(r.value.keyId), keyId: r.value.keyId }));
  }

  return (
    <>
      <section className="audit-section" aria-label={t('audit.integrity.verification')}>
        <p className="muted audit-lead">{t('audit.integrity.lead')}</p>
        <div className="form-actions audit-actions">
          {canExport ? (
            <button type="button" className="button button--secondary" onClick={() => void exportLog()}>
              {t('audit.integrity.export')}
            </button>
          ) : null}
          <button type="button" className="button button--primary" onClick={() => void verify()} disabled={verifying.pending}>
            {t(verifying.pending ? 'audit.integrity.verifying' : 'audit.integrity.verify')}
          </button>
        </div>
        <CallError error={verifying.error ?? exporting.error ?? settingsQuery.error} />
        <InfoMessage>{exported}</InfoMessage>

        <div role="status" aria-live="polite">
          {report ? (
            report.ok ? (
              <div className="integrity integrity--ok">
                <p className="integrity__verdict">{t('audit.integrity.intact')}</p>
                <p>
                  {t('audit.integrity.allVerified', { records: report.records, count: report.checkpoints })}{' '}
                  {report.lastSignedSeq > 0
                    ? t('audit.integrity.lastSigned', { last: String(report.lastSeq), signed: String(report.lastSignedSeq) })
                    : t('audit.integrity.noneSigned')}
                </p>
              </div>
            ) : (
              <div className="integrity integrity--bad">
                <p className="integrity__verdict">{t('audit.integrity.notIntact')}</p>
                {report.problem?.seq != null ? (
                  <p>
                    <strong>{t('audit.integrity.firstBad', { seq: String(report.problem.seq) })}</strong>
                  </p>
                ) : null}
                <p>{sentenceCase(report.problem?.message ?? '')}</p>
                <p>{t('audit.integrity.incident')}</p>
              </div>
            )
          ) : null}
        </div>

        {/* After a failure the counts cover only what came before the problem: not shown as facts. */}
        {report?.ok ? (
          <dl className="audit-facts">
            <div>
              <dt>{t('audit.integrity.records')}</dt>
              <dd>{f.number(report.records)}</dd>
            </div>
            <div>
              <dt>{t('audit.integrity.checkpoints')}</dt>
              <dd>{f.number(report.checkpoints)}</dd>
            </div>
            <div>
              <dt>{t('audit.integrity.headHash')}</dt>
              <dd className="mono audit-hash">
                <span dir="ltr">{report.headHash}</span>
              </dd>
            </div>
          </dl>
        ) : null}
      </section>

      {settings ? (
        <section className="audit-section" aria-labelledby="signing-key-heading">
          <h2 id="signing-key-heading">{t('audit.integrity.signingKey')}</h2>
          <p className="muted">{t('audit.integrity.compare')}</p>
          <dl className="audit-facts audit-facts--key">
            <div>
              <dt>{t('audit.integrity.fingerprint')}</dt>
              <dd className="mono audit-fingerprint">
                <span dir="ltr">{settings.signingKey.fingerprint}</span>
              </dd>
            </div>
            <div>
              <dt>{t('audit.integrity.publicKey')}</dt>
              <dd className="mono audit-hash">
                {/* Left to right in an Arabic screen too: base64 ends in '=', which would jump to the front. */}
                <span dir="ltr">{settings.signingKey.publicKey}</span>
              </dd>
            </div>
            <div>
              <dt>{t('audit.integrity.created')}</dt>
              <dd>{f.dateTime(settings.signingKey.createdAt)}</dd>
            </div>
            <div>
              <dt>{t('audit.integrity.workstationId')}</dt>
              <dd className="mono">
                <span dir="ltr">{settings.workstationId}</span>
              </dd>
            </div>
          </dl>
        </section>
      ) : null}
    </>
  );
}
