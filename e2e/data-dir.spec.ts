// The browser shell on a data directory someone created 0755, under the umask 022 of a default
// login shell: the shell makes the directory 0700 and sets umask 077, and after set-up and a
// capture through the bridge every file in it is 0600 and every directory 0700.
import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { ClinicApi } from '../shared/bridge';
import { launchBrowserShell } from '../main/browser-shell/index';
import { countEntries, notOwnerOnly } from '../main/core/test-support/file-modes';
import { TEST_KDF_COST } from './support/shell';

test('the browser shell keeps its data directory owner-only', async () => {
  const work = await mkdtemp(path.join(os.tmpdir(), 'clinic-photo-e2e-modes-'));
  const dataDir = path.join(work, 'data');
  const previousUmask = process.umask(0o022);
  try {
    await mkdir(dataDir);
    await chmod(dataDir, 0o755);
    const shell = await launchBrowserShell({ dataDir, headless: true, kdfCost: TEST_KDF_COST });
    try {
      // This process is the shell's: a file it now creates without a mode is owner-only.
      const probe = path.join(work, 'probe');
      await writeFile(probe, '');
      expect(((await stat(probe)).mode & 0o777).toString(8)).toBe('600');
      expect(((await stat(dataDir)).mode & 0o777).toString(8)).toBe('700');

      const taken = await shell.page.evaluate(async () => {
        const w = globalThis as unknown as { clinic: ClinicApi };
        const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string } }): T => {
          if (!r.ok) throw new Error(r.error.code);
          return r.value;
        };
        unwrap(await w.clinic.setup.initialize({ clinicName: 'Harbour Dermatology', admin: { username: 'admin', displayName: 'Dr Ada Admin', password: 'a long clinic pass phrase 42' } }));
        const p = unwrap(await w.clinic.patients.register({ mrn: 'HD-1', familyName: 'Lovelace', givenName: 'Ada', birthDate: '1985-12-10', sex: 'F' }));
        const e = unwrap(await w.clinic.encounters.start({ patientId: p.id }));
        const photo = unwrap(await w.clinic.capture.take({ encounterId: e.id, cameraId: 'simulated:0', context: { bodySite: { code: '73897004', display: 'Skin of face' }, laterality: 'unpaired', view: 'anterior' } }));
        return photo.id;
      });
      expect(taken).toMatch(/^[0-9a-f]{32}$/);
      expect((await countEntries(dataDir)).files).toBeGreaterThanOrEqual(5);
      expect(await notOwnerOnly(dataDir)).toEqual([]);
    } finally {
      await shell.close();
    }
    expect(await notOwnerOnly(dataDir)).toEqual([]);
  } finally {
    process.umask(previousUmask);
    await rm(work, { recursive: true, force: true });
  }
});
