// Integrity: checks the hash chain and signed checkpoints (docs/audit-log.md), shows the signing
// key's fingerprint to compare with a copy kept away from this workstation, and exports the whole
// log as JSON Lines for an auditor's offline `audit verify --file`.
import { useState } from 'react';
import type { ResponseOf } from '../../../../shared/contract';
import { formatDateTime } from '../../app/format';
import { InfoMessage } from '../../components/Notice';
import { CallError } from '../../data/CallError';
import { useQuery, useSubmit } from '../../data/hooks';
import { downloadText } from './download';

type Verify = ResponseOf<'audit', 'verify'>;

/** The core's problem text ("record 2 does not match its hash…") as a sentence. */
const sentenceCase = (text: string): string => (text ? `${text[0]!.toUpperCase()}${text.slice(1).replace(/\.?$/, '.')}` : '');

/** A key id in groups of four, as the core formats fingerprints. */
const groupsOfFour = (hex: string): string => hex.match(/.{1,4}/g)?.join(' ') ?? hex;

export function IntegrityPanel({ canExport }: { readonly canExport: boolean }) {
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
    setExported(`Exported ${r.value.fileName}: ${r.value.records} records. Every line is signed by key ${groupsOfFour(r.value.keyId)}: verify it with --expect-key ${r.value.keyId}.`);
  }

  return (
    <>
      <section className="audit-section" aria-label="Verification">
        <p className="muted audit-lead">
          Every record carries the hash of the one before it, and checkpoints are signed with this workstation’s audit key. Verification recomputes
          the chain and finds the first record that was edited, removed, reordered or inserted.
        </p>
        <div className="form-actions audit-actions">
          {canExport ? (
            <button type="button" className="button button--secondary" onClick={() => void exportLog()}>
              Export verifiable log
            </button>
          ) : null}
          <button type="button" className="button button--primary" onClick={() => void verify()} disabled={verifying.pending}>
            {verifying.pending ? 'Verifying…' : 'Verify audit log'}
          </button>
        </div>
        <CallError error={verifying.error ?? exporting.error ?? settingsQuery.error} />
        <InfoMessage>{exported}</InfoMessage>

        <div role="status" aria-live="polite">
          {report ? (
            report.ok ? (
              <div className="integrity integrity--ok">
                <p className="integrity__verdict">Intact</p>
                <p>
                  All {report.records} records and {report.checkpoints} signed {report.checkpoints === 1 ? 'checkpoint' : 'checkpoints'} verified.{' '}
                  {report.lastSignedSeq > 0
                    ? `The last record is #${report.lastSeq}; the last signed one is #${report.lastSignedSeq}.`
                    : 'No record is signed yet: checkpoints are made when a session ends and at regular intervals.'}
                </p>
              </div>
            ) : (
              <div className="integrity integrity--bad">
                <p className="integrity__verdict">Not intact</p>
                {report.problem?.seq != null ? (
                  <p>
                    <strong>First bad record: #{report.problem.seq}</strong>
                  </p>
                ) : null}
                <p>{sentenceCase(report.problem?.message ?? '')}</p>
                <p>Do not change anything on this workstation. Export the log, keep this result, and follow the clinic’s incident procedure.</p>
              </div>
            )
          ) : null}
        </div>

        {/* After a failure the counts cover only what came before the problem: not shown as facts. */}
        {report?.ok ? (
          <dl className="audit-facts">
            <div>
              <dt>Records</dt>
              <dd>{report.records}</dd>
            </div>
            <div>
              <dt>Checkpoints</dt>
              <dd>{report.checkpoints}</dd>
            </div>
            <div>
              <dt>Head hash</dt>
              <dd className="mono audit-hash">{report.headHash}</dd>
            </div>
          </dl>
        ) : null}
      </section>

      {settings ? (
        <section className="audit-section" aria-labelledby="signing-key-heading">
          <h2 id="signing-key-heading">Signing key</h2>
          <p className="muted">Compare the fingerprint with the copy kept outside this workstation (on paper, or with the exported logs).</p>
          <dl className="audit-facts audit-facts--key">
            <div>
              <dt>Fingerprint</dt>
              <dd className="mono audit-fingerprint">{settings.signingKey.fingerprint}</dd>
            </div>
            <div>
              <dt>Public key (Ed25519, base64)</dt>
              <dd className="mono audit-hash">{settings.signingKey.publicKey}</dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>{formatDateTime(settings.signingKey.createdAt)}</dd>
            </div>
            <div>
              <dt>Workstation id</dt>
              <dd className="mono">{settings.workstationId}</dd>
            </div>
          </dl>
        </section>
      ) : null}
    </>
  );
}
