// A consent signed through the typed API, end to end in the core: the sealed document is the
// PDF/A from pdf.ts (not a placeholder), it opens through a handle the way the renderer loads it,
// qpdf accepts it, its hash is the one on the record, and its embedded strokes are the ones sent.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsentRecord } from '../../../shared/consent';
import { photoUrl } from '../../../shared/contract';
import { serveAppRequest } from '../../shell/app-protocol';
import { unwrap } from '../test-support/fixtures';
import { STROKES_ATTACHMENT_NAME } from './pdf-strokes';
import { consentClinic, defaultTemplate, penSignature, SIGNERS } from './test-support/consent-fixtures';

let clinic: Awaited<ReturnType<typeof consentClinic>> | undefined;
afterEach(async () => {
  await clinic?.dispose();
  clinic = undefined;
});

describe('a signed consent', () => {
  it('is sealed as the PDF/A record: valid, hashed on the record, strokes embedded, text shown', async () => {
    clinic = await consentClinic();
    const { client, patient } = clinic;
    const shown = await defaultTemplate(client);
    const png = (await sharp({ create: { width: 300, height: 100, channels: 3, background: '#ffffff' } }).png().toBuffer()).toString('base64');
    const signature = { ...penSignature(), png };
    const record = unwrap<ConsentRecord>(
      await client.api.consent.recordSigned({
        patientId: patient.id,
        template: { templateId: shown.template.id, version: shown.template.version, sha256: shown.shownSha256 },
        decisions: [
          { scope: 'education', decision: 'grant', expiresOn: null },
          { scope: 'marketing', decision: 'refuse', expiresOn: null },
        ],
        limits: { bodySites: null, faceMayBeVisible: false },
        signers: { ...SIGNERS, minorAssent: null, witness: null, interpreter: null, signer: { ...SIGNERS.signer, relationship: null, authority: null } },
        identityCheck: { method: 'wristband', note: null },
        signature,
        signedAt: new Date().toISOString(),
      }),
    );
    const { handle } = unwrap<{ handle: string }>(await client.api.consent.open({ consentId: record.id }));
    const response = await serveAppRequest(new Request(`https://clinic-photo.invalid${photoUrl(handle)}`), { rendererDir: os.tmpdir(), client });
    expect(response.status).toBe(200);
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(record.documentSha256);

    const dir = mkdtempSync(path.join(os.tmpdir(), 'consent-record-'));
    const file = path.join(dir, 'record.pdf');
    writeFileSync(file, pdf);
    execFileSync('qpdf', ['--check', file]);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const firstLine = shown.shownText.split('\n').find((l) => l.trim().length > 0)?.trim() ?? '';
    expect(text).toContain(firstLine.slice(0, 40));
    expect(text).toMatch(/education\)\s+GRANTED/);
    expect(text).toMatch(/marketing\)\s+REFUSED/);
    expect(text).toContain(`Text SHA-256: ${shown.shownSha256}`);
    expect(text).toContain('Identity checked by: Dr Ada Admin, by wristband');
    expect(execFileSync('pdfdetach', ['-list', file], { encoding: 'utf8' })).toContain(STROKES_ATTACHMENT_NAME);
    execFileSync('pdfdetach', ['-save', '1', '-o', path.join(dir, 'strokes.json'), file]);
    expect(JSON.parse(readFileSync(path.join(dir, 'strokes.json'), 'utf8')).strokes).toEqual(signature.strokes);
  });
});
