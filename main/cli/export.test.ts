// The real CLI's `export dicom|fhir`, run as a child process on a clinic set up in-process (camera
// captures and imports through the real core): files written owner-only and atomically, DICOM
// that dciodvfy accepts, a FHIR bundle that validates, permission and unknown photos refused with
// no file left behind, and every export (and refusal) in the audit log with photo and patient ids.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, withDatabase } from '../core/access/test-staff';
import { dciodvfy, dcmdump, dumpValue } from '../core/interop/dicom/dicom-tools';
import { requiredBindingReport, structuralIssues } from '../core/interop/fhir/validation';
import { interopClinic, type CapturedPhoto } from '../core/interop/test-support';
import { ADMIN, tempDir } from '../core/test-support/fixtures';
import { scanForPlaintext } from '../core/test-support/plaintext-scan';
import { runCli } from './test-support';



const cli = (args: string[], stdin: string | null = `${ADMIN.password}\n`) => runCli(args, stdin);

let dataDir: string;
let out: Awaited<ReturnType<typeof tempDir>>;
let photos: CapturedPhoto[];
let cleanupClinic: () => Promise<void>;

const exportArgs = (format: string, photoId: string, file: string, user = ADMIN.username) => [
  'export',
  format,
  '--data-dir',
  dataDir,
  '--user',
  user,
  '--photo',
  photoId,
  '--out',
  file,
];

beforeAll(async () => {
  const setup = await interopClinic();
  dataDir = setup.clinic.dir;
  photos = setup.photos;
  await setup.clinic.core.close(); // the CLI opens the data directory itself
  cleanupClinic = setup.clinic.dispose;
  await addStaff(dataDir, { pat: 'photographer' });
  out = await tempDir('cpw-export-');
}, 60_000);

afterAll(async () => {
  await cleanupClinic?.();
  await out?.cleanup();
});

describe('cli export', () => {
  it('writes a dciodvfy-clean DICOM file, owner-only, and prints the photo id and path', async () => {
    const photo = photos.find((p) => p.context?.laterality === 'left')!;
    const file = path.join(out.dir, 'cheek.dcm');
    const run = await cli(exportArgs('dicom', photo.id, file));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${photo.id}\t${file}\n`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(dciodvfy(file)).toMatchObject({ iod: 'VLPhotographicImage', errors: [], warnings: [] });
    expect(dumpValue(dcmdump(file), '0010,0010')).toBe('Müller^Zoë');
  }, 30_000);

  it('writes a FHIR transaction bundle that validates, replacing an older file atomically', async () => {
    const photo = photos.find((p) => p.context?.laterality === 'bilateral')!;
    const file = path.join(out.dir, 'breast.json');
    await writeFile(file, 'stale', { mode: 0o644 });
    const run = await cli(exportArgs('fhir', photo.id, file));
    expect(run.code).toBe(0);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const bundle = JSON.parse(await readFile(file, 'utf8')) as Bundle;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    expect(structuralIssues(bundle)).toEqual([]);
    expect(requiredBindingReport(bundle).violations).toEqual([]);
  }, 30_000);

  it('refuses without photo.export, an unknown photo, a missing folder and a bad format, leaving no file', async () => {
    const photo = photos[0]!;
    const denied = await cli(exportArgs('dicom', photo.id, path.join(out.dir, 'denied.dcm'), 'pat'), 'violet tundra marmalade 42\n');
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/your role does not allow this/);
    const unknown = await cli(exportArgs('dicom', 'f'.repeat(32), path.join(out.dir, 'unknown.dcm')));
    expect(unknown).toMatchObject({ code: 1, stderr: `error: no photo has id ${'f'.repeat(32)}\n` });
    const noFolder = await cli(exportArgs('fhir', photo.id, path.join(out.dir, 'missing', 'x.json')));
    expect(noFolder.code).toBe(1);
    expect(noFolder.stderr).toMatch(/folder does not exist/);
    const badFormat = await cli(exportArgs('hl7', photo.id, path.join(out.dir, 'x.hl7')));
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/unknown export format 'hl7'/);
    expect((await readdir(out.dir)).sort()).toEqual(['breast.json', 'cheek.dcm']);
  }, 60_000);

  it('audits each export and refusal with photo and patient ids, and leaves no plaintext in the data directory', async () => {
    const rows = await withDatabase(dataDir, (db) =>
      db.prepare("SELECT outcome, patient_id, photo_id, detail FROM audit_events WHERE action = 'photo.export' ORDER BY seq").all(),
    );
    const cheek = photos.find((p) => p.context?.laterality === 'left')!;
    const breast = photos.find((p) => p.context?.laterality === 'bilateral')!;
    expect(rows).toEqual([
      { outcome: 'success', patient_id: cheek.patient.id, photo_id: cheek.id, detail: 'format=dicom;purpose=clinical' },
      { outcome: 'success', patient_id: breast.patient.id, photo_id: breast.id, detail: 'format=fhir;purpose=clinical' },
      { outcome: 'denied', patient_id: null, photo_id: photos[0]!.id, detail: 'PERMISSION_DENIED;channel=photos.export' },
    ]);
    const findings = await scanForPlaintext(dataDir, ['Müller', 'Zoë', 'MRN-5521', 'Łukasiewicz', '1984-02-29']);
    expect(findings).toEqual([]);
  });
});
