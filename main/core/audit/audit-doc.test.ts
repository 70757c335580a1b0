// Conformance with docs/audit-log.md: the worked example's bytes, hashes and signature, and the
// export verifier written only from the document (independent-export-verifier.ts) accepting an
// export made by the real core. export-tamper.test.ts holds the full tamper table.
import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordAudit } from './audit';
import { checkpointPayload, GENESIS_PREV_HASH, recordHash, serializeRecord } from './canonical';
import { exportAuditLog, verifyAuditExport } from './export';
import { trailerPayload } from './export-format';
import { independentlyVerifyExport } from './independent-export-verifier';
import { keyIdOf, rawPublicKey } from './signing';
import { auditTestDb, PATIENT, USER_A } from './test-db';

const doc = readFileSync(path.resolve(__dirname, '../../../docs/audit-log.md'), 'utf8');
const vector = (label: string) => new RegExp(`^${label}\\s+(\\S+)$`, 'm').exec(doc)?.[1] ?? '';

const r1 = { seq: 1, at: '2026-03-02T09:15:00.000Z', workstationId: '5f0c2a7e9b1d4c3a8e6f0a1b2c3d4e5f', userId: '0123456789abcdef0123456789abcdef', action: 'photo.view', outcome: 'success', patientId: 'fedcba9876543210fedcba9876543210', photoId: null, reason: '', detail: '' };
const r2 = { ...r1, seq: 2, at: '2026-03-02T09:16:30.250Z', action: 'session.sign-out', patientId: null };

describe('docs/audit-log.md worked example', () => {
  it('matches the implementation byte for byte', () => {
    expect(serializeRecord(GENESIS_PREV_HASH, r1).toString('hex')).toBe(vector('record1-bytes'));
    const h1 = recordHash(GENESIS_PREV_HASH, r1);
    expect(h1.toString('hex')).toBe(vector('record1-hash'));
    const h2 = recordHash(h1, r2);
    expect(h2.toString('hex')).toBe(vector('record2-hash'));
    const seed = Buffer.from(vector('secret-key-seed'), 'hex');
    const priv = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
    const pub = rawPublicKey(createPublicKey(priv));
    expect(pub.toString('hex')).toBe(vector('public-key'));
    expect(keyIdOf(pub)).toBe(vector('key-id'));
    const payload = checkpointPayload({ seq: 2, headHash: h2, at: r2.at, kind: 'session-end', workstationId: r1.workstationId, keyId: keyIdOf(pub) });
    expect(payload.toString('hex')).toBe(vector('checkpoint-payload'));
    expect(sign(null, payload, priv).toString('base64')).toBe(vector('signature'));
    const trailer = trailerPayload(Buffer.from('{"type":"header"}\n'), keyIdOf(pub));
    expect(trailer.toString('hex')).toBe(vector('trailer-payload'));
    expect(sign(null, trailer, priv).toString('base64')).toBe(vector('trailer-signature'));
  });
});

describe('the independent export verifier written from the document', () => {
  it('accepts a real export and rejects an edited one at the same line as the app', async () => {
    const db = auditTestDb();
    for (let i = 0; i < 300; i++) recordAudit(db, new Date(Date.UTC(2026, 2, 2, 9, 0, i)), { userId: USER_A, action: i === 10 ? 'session.sign-out' : 'photo.view', outcome: 'success', patientId: i % 2 ? PATIENT : null, reason: i === 3 ? 'Notfall – Zugriff' : '' });
    const text = exportAuditLog(db, new Date(), USER_A);
    db.close();
    expect(await independentlyVerifyExport(Buffer.from(text))).toMatchObject({ ok: true, line: null });
    const edited = Buffer.from(text.replace('Notfall', 'Routine'));
    expect(await independentlyVerifyExport(edited)).toMatchObject({ ok: false, line: 5 });
    expect(verifyAuditExport(edited).problem?.line).toBe(5);
  });
});
