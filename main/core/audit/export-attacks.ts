// Test helper: what someone without the workstation's signing key can do to an export file. They
// can edit any line, recompute every hash, and re-sign checkpoints and the trailer with a key of
// their own, listing it in the header or filing it under another key's id. Used by the tamper
// table (export-tamper.test.ts); never by the app.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { checkpointPayload, recordHash, type CheckpointKind } from './canonical';

export type Line = Record<string, unknown>;

export interface AttackerKey {
  readonly keyId: string;
  readonly publicKey: string;
  readonly privateKey: KeyObject;
}

export function attackerKey(): AttackerKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  return { keyId: createHash('sha256').update(raw).digest('hex'), publicKey: raw.toString('base64'), privateKey };
}

export const parseLines = (text: string): Line[] => text.trimEnd().split('\n').map((l) => JSON.parse(l) as Line);
export const joinLines = (lines: readonly string[]): string => `${lines.join('\n')}\n`;

/**
 * Re-chains every record, re-signs every checkpoint with `signer` (naming it `keyIdInFile`, the
 * signer's own id unless the attacker files it under another), and re-signs the trailer the same
 * way when the file has one. The trailer bytes follow docs/audit-log.md.
 */
export function reseal(lines: readonly Line[], signer: AttackerKey, keyIdInFile = signer.keyId): string {
  let prev: Buffer = Buffer.alloc(32);
  let seq = 0;
  const out: string[] = [];
  for (const original of lines) {
    const o = { ...original };
    if (o.type === 'record') {
      o.prevHash = prev.toString('hex');
      prev = recordHash(prev, o as never);
      o.hash = prev.toString('hex');
      seq = o.seq as number;
    } else if (o.type === 'checkpoint') {
      o.seq = seq;
      o.headHash = prev.toString('hex');
      o.keyId = keyIdInFile;
      const body = { seq, headHash: prev, at: o.at as string, kind: o.kind as CheckpointKind, workstationId: o.workstationId as string, keyId: keyIdInFile };
      o.signature = sign(null, checkpointPayload(body), signer.privateKey).toString('base64');
    } else if (o.type === 'trailer') {
      const before = Buffer.from(joinLines(out), 'utf8');
      const id = Buffer.from(keyIdInFile, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(id.length);
      const payload = Buffer.concat([Buffer.from('CPW-AUDIT-EXPORT-2\0', 'latin1'), createHash('sha256').update(before).digest(), length, id]);
      o.keyId = keyIdInFile;
      o.signature = sign(null, payload, signer.privateKey).toString('base64');
    }
    out.push(JSON.stringify(o));
  }
  return joinLines(out);
}
