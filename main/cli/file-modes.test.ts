// The real CLI under a lax umask (022) on a data directory someone created 0755: it tightens the
// directory, and after init, patient add and import every file is 0600 and every directory 0700.
// A directory it cannot make private is refused with one line that says what to do.
import { chmod, chown, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../core/test-support/fixtures';
import { countEntries, notOwnerOnly } from '../core/test-support/file-modes';
import { runCli } from './test-support';

const PASSWORD = 'correct horse battery staple';

describe('the CLI and file modes', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let previousUmask: number;

  beforeAll(async () => {
    // The child inherits this: what a default login shell hands a process.
    previousUmask = process.umask(0o022);
    work = await tempDir('cpw-cli-modes-');
  });
  afterAll(async () => {
    process.umask(previousUmask);
    await work.cleanup();
  });

  it('leaves only owner-only files and directories after init, patient add and import', async () => {
    const dataDir = path.join(work.dir, 'data');
    await mkdir(dataDir);
    await chmod(dataDir, 0o755);
    const photo = path.join(work.dir, 'lesion.jpg');
    await writeFile(photo, await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c0392b' } }).jpeg().toBuffer());

    const init = await runCli(['init', '--data-dir', dataDir, '--clinic', 'Harbour Dermatology', '--admin', 'admin'], `${PASSWORD}\n`);
    expect(init.stderr).toBe('');
    const add = await runCli(['patient', 'add', '--data-dir', dataDir, '--user', 'admin', '--mrn', 'MRN-1', '--name', 'Lovelace, Ada', '--birth-date', '1985-12-10', '--sex', 'F'], `${PASSWORD}\n`);
    expect(add.stderr).toBe('');
    const imported = await runCli(['import', '--data-dir', dataDir, '--user', 'admin', '--mrn', 'MRN-1', photo], `${PASSWORD}\n`);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);

    expect((await countEntries(dataDir)).files).toBeGreaterThanOrEqual(3);
    expect(await notOwnerOnly(dataDir)).toEqual([]);
  });

  it.skipIf(process.getuid?.() !== 0)('refuses a data directory of another user that is open to others', async () => {
    const dataDir = path.join(work.dir, 'shared-data');
    await mkdir(dataDir);
    await chmod(dataDir, 0o755);
    await chown(dataDir, 65534, 65534);
    const run = await runCli(['users', 'list', '--data-dir', dataDir, '--user', 'admin'], `${PASSWORD}\n`);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: the data directory ${dataDir} belongs to another user and is readable by others; use a directory of your own with mode 0700\n`);
  });
});
