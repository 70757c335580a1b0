// The audit log as JSON Lines for an auditor: a header (format, algorithms, public keys), every
// record in order with its hashes, every stored checkpoint after the record it covers, a
// checkpoint of kind "export" signed at export time over the last record, and a trailer whose
// signature covers every byte before it. export-verify.ts checks such a file with nothing but
// the file: no vault, no database.
import type { Db } from '../db/open';
import { auditSigningKeyOf, CHECKPOINT_INTERVAL, signHead, workstationIdOf } from './audit';
import { checkpointLine, EXPORT_CHECKPOINT_INTERVAL, EXPORT_FORMAT, EXPORT_VERSION, headerLine, recordLine, trailerLine, trailerPayload } from './export-format';
import { signPayload } from './signing';
import { checkpointsOf, publicKeysOf, RECORD_COLUMNS, rowToRecord } from './verify';
import { writeTransaction } from '../db/write';

export { verifyAuditExport, type ExportVerifyReport } from './export-verify';

/** The whole log as JSON Lines (each line ends with "\n"). Refuses an empty log: there is nothing to sign. */
export function exportAuditLog(db: Db, at: Date, exportedBy: string | null): string {
  // The format fixes the interval; an app that changed its own would write files no verifier accepts.
  if (CHECKPOINT_INTERVAL !== EXPORT_CHECKPOINT_INTERVAL) throw new Error('the checkpoint interval differs from the export format’s');
  const keys = [...publicKeysOf(db)].map(([keyId, publicKey]) => ({ keyId, publicKey: publicKey.toString('base64') }));
  const lines = [
    headerLine({
      type: 'header',
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      hashAlgorithm: 'SHA-256',
      signatureAlgorithm: 'Ed25519',
      checkpointInterval: EXPORT_CHECKPOINT_INTERVAL,
      workstationId: workstationIdOf(db),
      exportedAt: at.toISOString(),
      exportedBy,
      keys,
    }),
  ];
  const checkpoints = checkpointsOf(db);
  const final = writeTransaction(db, () => {
    let next = 0;
    for (const row of db.prepare(`SELECT ${RECORD_COLUMNS} FROM audit_events ORDER BY seq`).iterate() as IterableIterator<Parameters<typeof rowToRecord>[0]>) {
      lines.push(recordLine(rowToRecord(row)));
      while (next < checkpoints.length && checkpoints[next]!.seq <= row.seq) lines.push(checkpointLine(checkpoints[next++]!));
    }
    // Signed in the same read transaction, so it covers exactly the last record written above.
    return signHead(db, at, 'export');
  });
  if (!final) throw new Error('the audit log is empty: there is nothing to export');
  lines.push(checkpointLine({ ...final, headHash: Buffer.from(final.headHash), signature: final.signature }));
  const signed = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  const key = auditSigningKeyOf(db);
  return `${signed.toString('utf8')}${trailerLine(key.keyId, signPayload(key, trailerPayload(signed, key.keyId)))}\n`;
}
