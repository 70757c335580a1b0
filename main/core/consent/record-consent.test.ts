// Recording consents through the real core: a signed consent keeps the exact text shown and its
// hash, the pointer stream (a mouse's pressure absent, not made up), and a sealed PDF that opens
// through a handle, passes `qpdf --check`, and whose SHA-256 is in the audit chain; a form whose
// text changed since it was shown, or a trivially short signature, is refused; templates are
// versioned and old versions never change; who may do what; no plaintext on disk.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsentRecord, ConsentTemplate, ShownTemplate } from '../../../shared/consent';
import { addStaff, signedIn } from '../access/test-staff';
import { tempDir, unwrap } from '../test-support/fixtures';
import { scanForPlaintext } from '../test-support/plaintext-scan';
import { withDatabase } from '../access/test-staff';
import { signatureOf } from './records';
import { consentClinic, defaultTemplate, PATIENT, penSignature, SIGNERS } from './test-support/consent-fixtures';

const run = promisify(execFile);

let dispose: (() => Promise<void>) | undefined;
afterEach(async () => {
  await dispose?.();
  dispose = undefined;
});

async function setUp() {
  const c = await consentClinic();
  dispose = c.dispose;
  return c;
}

const signedRequest = (patientId: string, shown: ShownTemplate, over: Record<string, unknown> = {}) => ({
  patientId,
  template: { templateId: shown.template.id, version: shown.template.version, sha256: shown.shownSha256 },
  decisions: [
    { scope: 'clinical' as const, decision: 'grant' as const },
    { scope: 'education' as const, decision: 'grant' as const, expiresOn: '2099-01-01' },
    { scope: 'social' as const, decision: 'refuse' as const },
  ],
  signers: SIGNERS,
  identityCheck: { method: 'photo-id' as const },
  signature: penSignature(),
  signedAt: new Date().toISOString(),
  ...over,
});

async function readAll(stream: AsyncGenerator<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

describe('a signed consent', () => {
  it('is recorded with the exact text shown, its hash, the strokes and a sealed PDF that opens, checks clean and is in the audit chain', async () => {
    const c = await setUp();
    const shown = await defaultTemplate(c.client);
    expect(shown.shownText).toContain('Harbour Dermatology');
    expect(shown.shownText).not.toContain('{{clinicName}}');
    expect(shown.shownSha256).toBe(createHash('sha256').update(shown.shownText, 'utf8').digest('hex'));
    const consent = unwrap<ConsentRecord>(await c.client.api.consent.recordSigned(signedRequest(c.patient.id, shown)));
    expect(consent).toMatchObject({ kind: 'signed', state: 'active', textSha256: shown.shownSha256, documentMime: 'application/pdf' });
    expect(consent.scopes.map((s) => `${s.scope}:${s.state}`)).toEqual(['clinical:granted', 'education:granted', 'social:refused']);

    const opened = unwrap<{ handle: string; mime: string }>(await c.client.api.consent.open({ consentId: consent.id }));
    const doc = await c.client.resolvePhoto(opened.handle);
    const pdf = await readAll(doc.stream());
    expect(doc.mime).toBe('application/pdf');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(consent.documentSha256);
    const work = await tempDir('cpw-consent-pdf-');
    try {
      const file = path.join(work.dir, 'consent.pdf');
      await writeFile(file, pdf);
      await run('qpdf', ['--check', file]);
    } finally {
      await work.cleanup();
    }

    const audit = unwrap<{ records: Array<{ action: string; detail: string }> }>(await c.client.api.audit.search({ pageSize: 50 }));
    expect(audit.records.find((r) => r.action === 'consent.record')?.detail).toContain(`pdf_sha256=${consent.documentSha256}`);
    await c.core.close();
    const stored = await withDatabase(c.dir, (db) => signatureOf(db, consent.id));
    expect(stored?.strokes[0]?.[0]).toEqual(penSignature().strokes[0]![0]);
    expect(stored).not.toHaveProperty('png');
    expect(await scanForPlaintext(c.dir, [PATIENT.familyName, PATIENT.givenName, PATIENT.mrn, 'Adaeze Okonkwo'])).toEqual([]);
  });

  it('keeps a mouse signature without pressure or tilt (absent, not a default)', async () => {
    const c = await setUp();
    const shown = await defaultTemplate(c.client);
    const mouse = penSignature();
    const strokes = mouse.strokes.map((s) => s.map((p) => ({ ...p, pressure: null, tiltX: null, tiltY: null, pointerType: 'mouse' as const })));
    const consent = unwrap<ConsentRecord>(await c.client.api.consent.recordSigned(signedRequest(c.patient.id, shown, { signature: { ...mouse, strokes } })));
    await c.core.close();
    const stored = await withDatabase(c.dir, (db) => signatureOf(db, consent.id));
    expect(stored?.strokes[0]?.every((p) => p.pressure === null && p.tiltX === null && p.pointerType === 'mouse')).toBe(true);
  });

  it('is refused when the text shown is not the stored version, or the signature is a dot', async () => {
    const c = await setUp();
    const shown = await defaultTemplate(c.client);
    const stale = await c.client.api.consent.recordSigned(signedRequest(c.patient.id, { ...shown, shownSha256: '0'.repeat(64) }));
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONSENT_TEMPLATE_CHANGED' } });
    const dot = { ...penSignature(), strokes: [[{ x: 5, y: 5, t: 0, pressure: 0.5, tiltX: 0, tiltY: 0, pointerType: 'pen' as const }]] };
    const short = await c.client.api.consent.recordSigned(signedRequest(c.patient.id, shown, { signature: dot }));
    expect(short).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: { signature: 'is too short' } } });
    const notPng = await c.client.api.consent.recordSigned(signedRequest(c.patient.id, shown, { signature: { ...penSignature(), png: Buffer.from('GIF89a-not-a-png').toString('base64') } }));
    expect(notPng).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const representative = await c.client.api.consent.recordSigned(signedRequest(c.patient.id, shown, { signers: { signer: { role: 'guardian', name: 'A Guardian' } } }));
    expect(representative).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(unwrap<ConsentRecord[]>(await c.client.api.consent.list({ patientId: c.patient.id }))).toEqual([]);
  });
});

describe('a paper consent from the UI', () => {
  it('takes the scan as base64 (a PNG here), seals it, and refuses bytes that are not a scan', async () => {
    const c = await setUp();
    const png = await sharp({ create: { width: 200, height: 280, channels: 3, background: '#fff' } }).png().toBuffer();
    const request = { patientId: c.patient.id, decisions: [{ scope: 'education' as const, decision: 'grant' as const }], signedOn: '2026-01-15' };
    const consent = unwrap<ConsentRecord>(await c.client.api.consent.recordPaper({ ...request, scan: png.toString('base64') }));
    expect(consent).toMatchObject({ kind: 'paper', documentMime: 'image/png', documentSha256: createHash('sha256').update(png).digest('hex'), signedAt: '2026-01-15T00:00:00.000Z' });
    const truncated = await c.client.api.consent.recordPaper({ ...request, scan: png.subarray(0, 60).toString('base64') });
    expect(truncated).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: { scan: expect.stringMatching(/does not decode/) } } });
    const notBase64 = await c.client.api.consent.recordPaper({ ...request, scan: 'not base64!' });
    expect(notBase64).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const future = await c.client.api.consent.recordPaper({ ...request, signedOn: '2099-01-01', scan: png.toString('base64') });
    expect(future).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fields: { signedOn: 'is in the future' } } });
    expect(unwrap<ConsentRecord[]>(await c.client.api.consent.list({ patientId: c.patient.id }))).toHaveLength(1);
  });
});

describe('consent templates', () => {
  it('saves a new version beside the old one, which a signed consent keeps pointing to unchanged', async () => {
    const c = await setUp();
    const v1 = await defaultTemplate(c.client);
    const signed = unwrap<ConsentRecord>(await c.client.api.consent.recordSigned(signedRequest(c.patient.id, v1)));
    const v2 = unwrap<ConsentTemplate>(
      await c.client.api.consent.saveTemplate({ templateId: v1.template.id, name: v1.template.name, language: 'en', text: `${v1.template.text}\nA clause added by the clinic.\n` }),
    );
    expect(v2).toMatchObject({ id: v1.template.id, version: 2, current: true });
    const all = unwrap<ConsentTemplate[]>(await c.client.api.consent.listTemplates({}));
    expect(all.map((t) => [t.version, t.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(unwrap<ShownTemplate>(await c.client.api.consent.getTemplate({ templateId: v1.template.id, version: 1 })).shownSha256).toBe(v1.shownSha256);
    // The old version's hash is no longer what a signing screen gets for the template.
    const stale = await c.client.api.consent.recordSigned(signedRequest(c.patient.id, v1, { template: { templateId: v1.template.id, sha256: v1.shownSha256, version: 2 } }));
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONSENT_TEMPLATE_CHANGED' } });
    const [listed] = unwrap<ConsentRecord[]>(await c.client.api.consent.list({ patientId: c.patient.id }));
    expect(listed).toMatchObject({ id: signed.id, template: { version: 1 }, textSha256: v1.shownSha256 });
    const copy = unwrap<ConsentTemplate>(await c.client.api.consent.saveTemplate({ name: 'Consentement photo', language: 'fr', text: 'Texte du formulaire de consentement de {{clinicName}}.' }));
    expect(copy).toMatchObject({ version: 1, language: 'fr' });
    expect(copy.id).not.toBe(v1.template.id);
  });

  it('lets clinicians, photographers and the front desk record, only administrators manage templates, and the privacy officer only read', async () => {
    const c = await setUp();
    await c.core.close();
    await addStaff(c.dir, { doc: 'clinician', desk: 'front_desk', priv: 'privacy_officer' });
    const { testCore } = await import('../test-support/fixtures');
    const core = testCore(c.dir);
    try {
      const desk = await signedIn(core, 'desk');
      const shown = await defaultTemplate(desk);
      const doc = await signedIn(core, 'doc');
      expect((await doc.api.consent.saveTemplate({ name: 'Mine', language: 'en', text: 'A consent form text long enough.' })).ok).toBe(false);
      const priv = await signedIn(core, 'priv');
      const patients = unwrap<{ patients: Array<{ id: string }> }>(await desk.api.patients.search({ query: PATIENT.familyName }));
      const patientId = patients.patients[0]!.id;
      expect((await priv.api.consent.recordSigned(signedRequest(patientId, shown))).ok).toBe(false);
      unwrap(await desk.api.consent.recordSigned(signedRequest(patientId, shown)));
      expect(unwrap<ConsentRecord[]>(await priv.api.consent.list({ patientId }))).toHaveLength(1);
    } finally {
      await core.close();
    }
  });
});
