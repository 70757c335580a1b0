// Conformance with docs/audit-log.md: the worked example's bytes, hashes and signature, and a
// record/checkpoint verifier written only from the document (WebCrypto SHA-256 and Ed25519, no
// code from this folder) accepting an export made by the real core.
import { createPrivateKey, createPublicKey, sign, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordAudit } from './audit';
import { checkpointPayload, GENESIS_PREV_HASH, recordHash, serializeRecord } from './canonical';
import { exportAuditLog } from './export';
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
  });
});

// --- an independent verifier, from the document only ---
const te = new TextEncoder();
const u32 = (n: number) => new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
const u64 = (n: number) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n));
  return b;
};
const fieldOf = (s: string | null | undefined) => (s === null || s === undefined ? [u32(0xffffffff)] : [u32(te.encode(s).length), te.encode(s)]);
const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const hex = (b: ArrayBuffer | Uint8Array) => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');
const unhex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

async function independentVerify(text: string): Promise<string | null> {
  type Line = Record<string, string | null> & { seq: number; keys: Array<{ keyId: string; publicKey: string }> };
  const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Line);
  const header = lines[0]!;
  const keys = new Map<string, webcrypto.CryptoKey>();
  for (const k of header.keys) keys.set(k.keyId, await webcrypto.subtle.importKey('raw', Buffer.from(k.publicKey, 'base64'), { name: 'Ed25519' }, false, ['verify']));
  let prev = new Uint8Array(32);
  let seq = 0;
  for (const [i, l] of lines.slice(1).entries()) {
    if (l.type === 'record') {
      if (l.seq !== seq + 1 || l.prevHash !== hex(prev) || typeof l.hash !== 'string') return `line ${i + 2}`;
      const bytes = concat([te.encode('CPW-AUDIT-RECORD-1\0'), prev, u64(l.seq), ...[l.at, l.workstationId, l.userId, l.action, l.outcome, l.patientId, l.photoId, l.reason, l.detail].flatMap(fieldOf)]);
      const h = new Uint8Array(await webcrypto.subtle.digest('SHA-256', bytes));
      if (hex(h) !== l.hash) return `line ${i + 2}`;
      prev = h;
      seq = l.seq;
    } else {
      const payload = concat([te.encode('CPW-AUDIT-CHECKPOINT-1\0'), u64(l.seq), unhex(l.headHash ?? ''), ...[l.at, l.kind, l.workstationId, l.keyId].flatMap(fieldOf)]);
      const key = keys.get(l.keyId ?? '');
      if (!key || l.seq !== seq || l.headHash !== hex(prev) || !(await webcrypto.subtle.verify({ name: 'Ed25519' }, key, Buffer.from(l.signature ?? '', 'base64'), payload))) return `line ${i + 2}`;
    }
  }
  return (lines.at(-1) as { kind?: string }).kind === 'export' ? null : 'end';
}

describe('an independent verifier written from the document', () => {
  it('accepts a real export and rejects an edited one', async () => {
    const db = auditTestDb();
    for (let i = 0; i < 300; i++) recordAudit(db, new Date(Date.UTC(2026, 2, 2, 9, 0, i)), { userId: USER_A, action: i === 10 ? 'session.sign-out' : 'photo.view', outcome: 'success', patientId: i % 2 ? PATIENT : null, reason: i === 3 ? 'Notfall – Zugriff' : '' });
    const text = exportAuditLog(db, new Date(), USER_A);
    db.close();
    expect(await independentVerify(text)).toBeNull();
    expect(await independentVerify(text.replace('Notfall', 'Routine'))).toBe('line 5');
  });
});
