// Owner-only permissions: a data directory is 0700 whatever it was before (or refused with the
// reason), and after a real set-up and capture under a lax umask every file is 0600, every
// directory 0700, the database's -wal and -shm included.
import { chmod, chown, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { prepareDataDir } from '../core';
import { ADMIN, tempDir, testCore, unwrap } from '../test-support/fixtures';
import { countEntries, notOwnerOnly } from '../test-support/file-modes';
import { FACE_FRONT } from '../standards/sample-context';
import { DataDirPermissionError, ensurePrivateDirectory } from './owner-only';

const modeOf = async (p: string) => (await stat(p)).mode & 0o777;

let previousUmask: number;
beforeAll(() => {
  // The umask a default shell hands a process: files 0644, directories 0755, unless the code says.
  previousUmask = process.umask(0o022);
});
afterAll(() => {
  process.umask(previousUmask);
});

describe('prepareDataDir', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    work = await tempDir('cpw-owner-only-');
  });
  afterEach(async () => {
    await work.cleanup();
  });

  it('creates a missing directory, and its missing parents, 0700', async () => {
    const dir = path.join(work.dir, 'a', 'b', 'data');
    await prepareDataDir(dir);
    expect(await modeOf(dir)).toBe(0o700);
  });

  it.each(['0755', '0750', '0777', '0701'])('tightens an existing directory of mode %s to 0700, keeping its files', async (mode) => {
    const dir = path.join(work.dir, 'data');
    await mkdir(dir);
    await chmod(dir, parseInt(mode, 8));
    await writeFile(path.join(dir, 'vault.json'), '{}', { mode: 0o600 });
    await prepareDataDir(dir);
    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(path.join(dir, 'vault.json'))).toBe(0o600);
  });

  it('refuses a path that is a file, saying so', async () => {
    const file = path.join(work.dir, 'data');
    await writeFile(file, '');
    const refused = await prepareDataDir(file).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DataDirPermissionError);
    expect((refused as Error).message).toBe(`The data directory ${file} is not a directory.`);
  });

  it.skipIf(process.getuid?.() !== 0)('refuses an open directory that belongs to another user, with what to do', async () => {
    const dir = path.join(work.dir, 'data');
    await mkdir(dir);
    await chmod(dir, 0o755);
    await chown(dir, 65534, 65534);
    const refused = await ensurePrivateDirectory(dir).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DataDirPermissionError);
    expect((refused as Error).message).toMatch(/belongs to another user.*0700/);
    expect(await modeOf(dir)).toBe(0o755);
  });
});

describe('a data directory after set-up and capture', () => {
  it('holds only 0600 files and 0700 directories, though the directory was 0755 and the umask 022', async () => {
    const work = await tempDir('cpw-owner-only-');
    const dataDir = path.join(work.dir, 'data');
    try {
      await mkdir(dataDir);
      await chmod(dataDir, 0o755);
      await prepareDataDir(dataDir);
      const core = testCore(dataDir);
      try {
        const client = core.connect();
        unwrap(await client.api.setup.initialize({ clinicName: 'Harbour Dermatology', admin: ADMIN }));
        const patient = unwrap<{ id: string }>(await client.api.patients.register({ mrn: 'E1', familyName: 'Lovelace', givenName: 'Ada', birthDate: '1985-12-10', sex: 'F' }));
        const encounter = unwrap<{ id: string }>(await client.api.encounters.start({ patientId: patient.id, reason: '' }));
        unwrap(await client.api.capture.take({ encounterId: encounter.id, cameraId: 'simulated:0', context: FACE_FRONT }));
        // A wrong password writes the sign-in throttle's file too.
        expect((await client.api.session.signIn({ username: ADMIN.username, password: 'not the password' })).ok).toBe(false);
        // While open: the database, its -wal and -shm, the vault, the blobs and their shards.
        const open = await countEntries(dataDir);
        expect(open.files).toBeGreaterThanOrEqual(6);
        expect(await notOwnerOnly(dataDir)).toEqual([]);
      } finally {
        await core.close();
      }
      expect(await notOwnerOnly(dataDir)).toEqual([]);
    } finally {
      await work.cleanup();
    }
  });
});

describe('entry points', () => {
  // The Electron binary cannot run here, so its entry is checked as text: the umask is set at the
  // top of the module, before the single-instance lock (Electron's first file) or the core exist.
  const read = (file: string) => readFile(path.resolve(import.meta.dirname, '../..', file), 'utf8');

  it('Electron main sets umask 077 before it touches the disk', async () => {
    const source = await read('electron/main.ts');
    const call = source.search(/^restrictNewFilesToOwner\(\);$/m);
    expect(call).toBeGreaterThan(0);
    expect(call).toBeLessThan(source.indexOf('app.requestSingleInstanceLock()'));
    expect(call).toBeLessThan(source.indexOf('createCore('));
    const prepare = source.indexOf('await prepareDataDir(dataDir);');
    expect(prepare).toBeGreaterThan(call);
    expect(prepare).toBeLessThan(source.indexOf('core = createCore('));
  });

  it('the CLI sets umask 077 first thing in main()', async () => {
    expect(await read('cli/index.ts')).toMatch(/async function main\(\): Promise<void> \{\n(?:\s*\/\/[^\n]*\n)*\s*restrictNewFilesToOwner\(\);/);
  });

  it('the browser shell sets umask 077 and prepares the data directory before the core opens', async () => {
    const source = await read('browser-shell/index.ts');
    const umask = source.indexOf('restrictNewFilesToOwner();');
    const prepare = source.indexOf('await prepareDataDir(options.dataDir);');
    expect(umask).toBeGreaterThan(0);
    expect(prepare).toBeGreaterThan(umask);
    expect(prepare).toBeLessThan(source.indexOf('createCore('));
  });
});
