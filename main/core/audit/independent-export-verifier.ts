// A second verifier of audit export files, written only from docs/audit-log.md ("Export format",
// "Verifying an export", "The chain", "Checkpoints") with WebCrypto and no code from this folder.
// Its tests feed it the same tampered files as the app's verifier: wherever the two disagree on the
// verdict or the line, the document is ambiguous or one of them is wrong. Not used by the app.

export interface IndependentVerdict {
  readonly ok: boolean;
  /** 1-based line of the first failed check; null when intact. */
  readonly line: number | null;
  /** Ids of the keys that signed at least one checkpoint or the trailer (when intact). */
  readonly signedBy: readonly string[];
}

const subtle = globalThis.crypto.subtle;
type SubtleKey = Awaited<ReturnType<typeof subtle.importKey>>;
const te = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const u32 = (n: number) => new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
const u64 = (n: number) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n));
  return b;
};
/** A field: 4-byte big-endian UTF-8 length and the bytes; FF FF FF FF alone for null. */
const field = (s: string | null) => (s === null ? u32(0xffffffff) : concat([u32(te.encode(s).length), te.encode(s)]));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const fromHex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
const fromBase64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const sha256 = async (b: Uint8Array) => new Uint8Array(await subtle.digest('SHA-256', b));

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const hexOf = (k: number) => (v: unknown) => typeof v === 'string' && new RegExp(`^[0-9a-f]{${2 * k}}$`).test(v);
const b64_32 = (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9+/]{43}=$/.test(v);
const b64_64 = (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9+/]{86}==$/.test(v);
const seqNumber = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
const str = (v: unknown) => typeof v === 'string';
const strOrNull = (v: unknown) => v === null || typeof v === 'string';
const instant = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v);
const is = (x: unknown) => (v: unknown) => v === x;

/** Exactly these member names, each passing its test. */
function exactly(v: unknown, members: Record<string, (x: unknown) => boolean>): v is Json {
  if (!isObject(v)) return false;
  const names = Object.keys(v);
  return names.length === Object.keys(members).length && names.every((n) => Object.hasOwn(members, n) && members[n]!(v[n]));
}

const RECORD = { type: is('record'), seq: seqNumber, at: str, workstationId: str, userId: strOrNull, action: str, outcome: str, patientId: strOrNull, photoId: strOrNull, reason: str, detail: str, prevHash: hexOf(32), hash: hexOf(32) };
const CHECKPOINT = { type: is('checkpoint'), seq: seqNumber, at: str, workstationId: str, kind: (v: unknown) => v === 'interval' || v === 'session-end' || v === 'export', keyId: hexOf(32), headHash: hexOf(32), signature: b64_64 };
const KEY = { keyId: hexOf(32), publicKey: b64_32 };
const HEADER = {
  type: is('header'),
  format: is('clinic-photo-audit-log'),
  version: is(2),
  hashAlgorithm: is('SHA-256'),
  signatureAlgorithm: is('Ed25519'),
  checkpointInterval: is(256),
  workstationId: str,
  exportedAt: instant,
  exportedBy: strOrNull,
  keys: (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((k) => exactly(k, KEY)),
};
const TRAILER = { type: is('trailer'), keyId: hexOf(32), signature: b64_64 };

export async function independentlyVerifyExport(file: Uint8Array, expectKey?: string): Promise<IndependentVerdict> {
  const bad = (line: number): IndependentVerdict => ({ ok: false, line, signedBy: [] });

  // Lines: cut at every 0x0A; a non-empty piece after the last 0x0A is a line too.
  const ranges: Array<[number, number]> = [];
  let from = 0;
  file.forEach((b, i) => {
    if (b === 0x0a) {
      ranges.push([from, i]);
      from = i + 1;
    }
  });
  if (from < file.length) ranges.push([from, file.length]);
  const n = ranges.length;
  const json = (lineNo: number): unknown => {
    const [a, b] = ranges[lineNo - 1]!;
    try {
      return JSON.parse(strictUtf8.decode(file.subarray(a, b)));
    } catch {
      return undefined;
    }
  };

  // 1–2. Not empty; a version 2 header (version 1 is refused too).
  if (n === 0) return bad(1);
  const header = json(1);
  if (!exactly(header, HEADER)) return bad(1);

  // 3. Key ids are SHA-256 of the keys; no repeats; the expected key is listed.
  const keys = new Map<string, SubtleKey>();
  for (const k of header.keys as Array<{ keyId: string; publicKey: string }>) {
    const raw = fromBase64(k.publicKey);
    if (toHex(await sha256(raw)) !== k.keyId || keys.has(k.keyId)) return bad(1);
    keys.set(k.keyId, await subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']));
  }
  if (expectKey !== undefined && !keys.has(expectKey)) return bad(1);
  const trusted = (id: string) => keys.has(id) && (expectKey === undefined || id === expectKey);
  const verifies = (id: string, signature: string, payload: Uint8Array) => subtle.verify({ name: 'Ed25519' }, keys.get(id)!, fromBase64(signature), payload);

  // 4. The last line is a trailer.
  const trailer = n >= 2 ? json(n) : undefined;
  if (!exactly(trailer, TRAILER)) return bad(n >= 2 ? n : 2);

  // 5. Lines 2 … n−1.
  let prevSeq = 0;
  let prevHash = new Uint8Array(32);
  let owed: { seq: number; line: number } | null = null;
  let lastKind: unknown = null;
  const signedBy: string[] = [];
  for (let line = 2; line <= n - 1; line++) {
    const v = json(line);
    if (isObject(v) && v.type === 'record') {
      if (!exactly(v, RECORD)) return bad(line);
      if (owed) return bad(owed.line);
      const r = v as Record<string, string | null> & { seq: number };
      if (r.seq !== prevSeq + 1 || r.prevHash !== toHex(prevHash)) return bad(line);
      const bytes = concat([te.encode('CPW-AUDIT-RECORD-1\0'), prevHash, u64(r.seq), ...[r.at, r.workstationId, r.userId, r.action, r.outcome, r.patientId, r.photoId, r.reason, r.detail].map((f) => field(f ?? null))]);
      const hash = await sha256(bytes);
      if (toHex(hash) !== r.hash) return bad(line);
      prevSeq = r.seq;
      prevHash = hash;
      if (r.seq % 256 === 0) owed = { seq: r.seq, line };
    } else if (isObject(v) && v.type === 'checkpoint') {
      if (!exactly(v, CHECKPOINT)) return bad(line);
      const c = v as { seq: number; at: string; kind: string; workstationId: string; keyId: string; headHash: string; signature: string };
      if (c.kind === 'export' && line !== n - 1) return bad(line);
      if (!trusted(c.keyId)) return bad(line);
      const payload = concat([te.encode('CPW-AUDIT-CHECKPOINT-1\0'), u64(c.seq), fromHex(c.headHash), field(c.at), field(c.kind), field(c.workstationId), field(c.keyId)]);
      if (!(await verifies(c.keyId, c.signature, payload))) return bad(line);
      if (c.seq !== prevSeq || c.headHash !== toHex(prevHash)) return bad(line);
      if (c.kind === 'interval' && owed?.seq === c.seq) owed = null;
      if (!signedBy.includes(c.keyId)) signedBy.push(c.keyId);
    } else {
      return bad(line);
    }
    lastKind = (v as Json).type === 'checkpoint' ? (v as Json).kind : 'record';
  }
  if (owed) return bad(owed.line);

  // 6. The export checkpoint right before the trailer.
  if (lastKind !== 'export') return bad(n);

  // 7. The trailer's signature over the bytes before line n.
  const t = trailer as { keyId: string; signature: string };
  if (!trusted(t.keyId)) return bad(n);
  const digest = await sha256(file.subarray(0, ranges[n - 1]![0]));
  const payload = concat([te.encode('CPW-AUDIT-EXPORT-2\0'), digest, field(t.keyId)]);
  if (!(await verifies(t.keyId, t.signature, payload))) return bad(n);
  if (!signedBy.includes(t.keyId)) signedBy.push(t.keyId);
  return { ok: true, line: null, signedBy };
}
