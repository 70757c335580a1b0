// The real CLI for the off-site archive, as child processes with secrets on stdin, against the
// Swift+s3api peer: init, a patient and a photo, `settings archive` (probe printed), `archive run`,
// the data directory deleted, `restore` with the recovery code, and the original password then
// verifies the audit log of the restored workstation. Stdin order and usage errors as documented.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshBucket, swiftForFile } from '../core/archive/test-helpers';
import { tempDir } from '../core/test-support/fixtures';
import { testJpeg } from '../core/sync/test-helpers';
import { runCli } from './test-support';

const PASSWORD = 'correct horse battery staple';
const CODE = /Recovery code: ((?:[0-9A-Z]{4}-){7}[0-9A-Z]{4})\n/;
const swift = swiftForFile();

describe('archive CLI', () => {
  it('configures, archives, and restores a workstation from the command line', { timeout: 240_000 }, async () => {
    const p = swift();
    const bucket = await freshBucket(p);
    const work = await tempDir('cpw-archive-cli-');
    const dataDir = path.join(work.dir, 'data');
    try {
      const init = await runCli(['init', '--data-dir', dataDir, '--clinic', 'Harbour Dermatology', '--admin', 'admin'], `${PASSWORD}\n`);
      expect(init.code).toBe(0);
      const code = CODE.exec(init.stdout)![1]!;
      const patient = await runCli(['patient', 'add', '--data-dir', dataDir, '--user', 'admin', '--from-file', '-'], `${PASSWORD}\n{"mrn":"CLI-1","familyName":"Ødegård","givenName":"Zoë","birthDate":"1970-01-02","sex":"F"}`);
      expect(patient.code).toBe(0);
      const photo = path.join(work.dir, 'photo.jpg');
      await writeFile(photo, await testJpeg(5));
      expect((await runCli(['import', '--data-dir', dataDir, '--user', 'admin', '--mrn', 'CLI-1', photo], `${PASSWORD}\n`)).code).toBe(0);

      const bucketArgs = ['--endpoint', p.endpoint, '--region', p.region, '--bucket', bucket, '--prefix', 'clinic-a', '--path-style', '--access-key-id', p.accessKeyId];
      const missingSecret = await runCli(['settings', 'archive', '--data-dir', dataDir, '--user', 'admin', ...bucketArgs], `${PASSWORD}\n`);
      expect(missingSecret.code).toBe(2);
      const worm = await runCli(['settings', 'archive', '--data-dir', dataDir, '--user', 'admin', ...bucketArgs, '--worm'], `${PASSWORD}\n${p.secretAccessKey}\n`);
      expect(worm.code).toBe(1);
      expect(worm.stderr).toContain('Object Lock');
      const configure = await runCli(['settings', 'archive', '--data-dir', dataDir, '--user', 'admin', ...bucketArgs], `${PASSWORD}\n${p.secretAccessKey}\n`);
      expect(configure.stderr).toBe('');
      expect(configure.code).toBe(0);
      expect(configure.stdout).toContain('Versioning: enabled.');
      expect(configure.stdout).toContain('Object Lock: not available');

      const run = await runCli(['archive', 'run', '--data-dir', dataDir, '--user', 'admin'], `${PASSWORD}\n`);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/archive verified: 2 files .* with 5 objects/);

      await rm(dataDir, { recursive: true, force: true });
      const newDir = path.join(work.dir, 'new');
      const restoreArgs = ['restore', ...bucketArgs, '--data-dir', newDir];
      const wrongSecret = await runCli(restoreArgs, `not-the-secret\n${code}\n`);
      expect(wrongSecret.code).toBe(1);
      expect(wrongSecret.stderr).toContain('403');
      const restore = await runCli(restoreArgs, `${p.secretAccessKey}\n${code}\n`);
      expect(restore.stderr).not.toContain('error');
      expect(restore.code).toBe(0);
      expect(restore.stdout).toContain('1 photos, every one verified');

      const verify = await runCli(['audit', 'verify', '--data-dir', newDir, '--user', 'admin'], `${PASSWORD}\n`);
      expect(verify.code).toBe(0);
      expect(verify.stdout).toContain('audit log intact');
    } finally {
      await work.cleanup();
    }
  });
});
