// The real CLI's `settings interop`, run as a child process: it sets the identifier systems and
// prints what is in force, refuses a bad value naming the flag and changes nothing, resets a value
// with an empty option, refuses a photographer, and the values reach `export dicom`.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, STAFF_PASSWORD } from '../core/access/test-staff';
import { dcmdump, dumpValue } from '../core/interop/dicom/dicom-tools';
import { ADMIN, importPhoto, initializedClinic, tempDir, unwrap } from '../core/test-support/fixtures';
import { markedScene } from '../core/test-support/exif-jpeg';
import { runCli } from './test-support';

let dataDir: string;
let photoId: string;
let dispose: () => Promise<void>;
let out: Awaited<ReturnType<typeof tempDir>>;

const settings = (user: string, extra: string[], password = ADMIN.password) => runCli(['settings', 'interop', '--data-dir', dataDir, '--user', user, ...extra], `${password}\n`);

beforeAll(async () => {
  const clinic = await initializedClinic();
  dataDir = clinic.dir;
  dispose = clinic.dispose;
  unwrap(await clinic.client.api.patients.register({ mrn: 'CLI-7', familyName: 'Ng', givenName: 'Lee', birthDate: '1970-01-01', sex: 'M' }));
  photoId = await importPhoto(clinic.client, { mrn: 'CLI-7', bytes: await markedScene(160, 128), device: 'File import (test)' });
  await clinic.core.close(); // the CLI opens the data directory itself
  await addStaff(dataDir, { pat: 'photographer' });
  out = await tempDir('cpw-settings-cli-');
}, 60_000);
afterAll(async () => {
  await dispose?.();
  await out?.cleanup();
});

describe('cli settings interop', () => {
  it('sets the identifier systems, prints them, and export dicom uses them', async () => {
    const run = await settings(ADMIN.username, ['--mrn-system', 'https://emr.example.org/fhir/sid/mrn', '--issuer-of-patient-id', 'HARBOUR-EMR', '--org-root', '1.2.826.0.1.3680043.10.543']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('mrn-system\thttps://emr.example.org/fhir/sid/mrn\nissuer-of-patient-id\tHARBOUR-EMR\norg-root\t1.2.826.0.1.3680043.10.543\n');
    const file = path.join(out.dir, 'p.dcm');
    const exported = await runCli(['export', 'dicom', '--data-dir', dataDir, '--user', ADMIN.username, '--photo', photoId, '--out', file], `${ADMIN.password}\n`);
    expect(exported.code).toBe(0);
    const listing = dcmdump(file);
    expect(dumpValue(listing, '0010,0021')).toBe('HARBOUR-EMR');
    expect(dumpValue(listing, '0008,0018')).toMatch(/^1\.2\.826\.0\.1\.3680043\.10\.543\./);
  });

  it('refuses a bad value naming its flag, and changes nothing', async () => {
    const bad = await settings(ADMIN.username, ['--org-root', '1.02.3']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: --org-root /);
    const shown = await settings(ADMIN.username, []);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('org-root\t1.2.826.0.1.3680043.10.543\n');
  });

  it('returns a value to its default when given empty', async () => {
    const run = await settings(ADMIN.username, ['--mrn-system', '', '--org-root', '']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('mrn-system\turn:clinic-photo:mrn (default)\nissuer-of-patient-id\tHARBOUR-EMR\norg-root\t(not set: UIDs are 2.25.<UUID>)\n');
  });

  it('refuses a photographer', async () => {
    const run = await settings('pat', ['--issuer-of-patient-id', 'X'], STAFF_PASSWORD);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: /);
    const shown = await settings(ADMIN.username, []);
    expect(shown.stdout).toContain('issuer-of-patient-id\tHARBOUR-EMR\n');
  });
});
