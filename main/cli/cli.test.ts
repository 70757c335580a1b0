// End-to-end tests of the real CLI: each case runs `node --import tsx main/cli/index.ts` as a
// child process against a temp data directory, with the password on stdin. Production Argon2id
// cost throughout (there is no test back door), so the number of runs is kept small.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patient, Photo } from '../../shared/domain';
import { createCore } from '../core/core';
import { silentLogger } from '../core/support/log';
import { tempDir, unwrap } from '../core/test-support/fixtures';
import { scanForPlaintext } from '../core/test-support/plaintext-scan';
import { runCli } from './test-support';

const PASSWORD = 'correct horse battery staple';
const PATIENT = { mrn: 'MRN-884213', family: 'Okonkwo-Lindqvist', given: 'Maribel', birthDate: '1979-11-23' };
const ID = /^[0-9a-f]{32}$/;


const timings: Array<[string, number]> = [];

async function cli(args: string[], stdin: string | null = `${PASSWORD}\n`) {
  const run = await runCli(args, stdin);
  timings.push([args.slice(0, 2).join(' '), run.ms]);
  return run;
}

const jpeg = (color: string) => sharp({ create: { width: 96, height: 64, channels: 3, background: color } }).jpeg().toBuffer();
const png = (color: string) => sharp({ create: { width: 40, height: 30, channels: 3, background: color } }).png().toBuffer();

describe('clinic CLI', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let dataDir: string;
  let inDir: string;
  const files: Record<string, string> = {};
  const importedIds: string[] = [];

  const patientAdd = (overrides: Record<string, string> = {}, stdin?: string | null) => {
    const flags = { '--data-dir': dataDir, '--user': 'admin', '--mrn': PATIENT.mrn, '--name': `${PATIENT.family}, ${PATIENT.given}`, '--birth-date': PATIENT.birthDate, '--sex': 'F', ...overrides };
    return cli(['patient', 'add', ...Object.entries(flags).flatMap(([k, v]) => (v === '' ? [] : [k, v]))], stdin);
  };

  /** Opens the workstation in-process as the administrator and lists the patient's photos. */
  const photosInDb = async (): Promise<Photo[]> => {
    const core = createCore({ dataDir, log: silentLogger });
    const client = core.connect();
    try {
      unwrap(await client.api.session.signIn({ username: 'admin', password: PASSWORD }));
      const { patients } = unwrap<{ patients: Patient[] }>(await client.api.patients.search({ query: PATIENT.mrn }));
      const patient = patients.find((p) => p.mrn === PATIENT.mrn);
      expect(patient).toBeDefined();
      return unwrap<Photo[]>(await client.api.photos.list({ patientId: patient!.id }));
    } finally {
      await core.close();
    }
  };

  beforeAll(async () => {
    work = await tempDir('cpw-cli-');
    dataDir = path.join(work.dir, 'data');
    inDir = path.join(work.dir, 'incoming');
    await mkdir(path.join(inDir, 'legacy', 'nested'), { recursive: true });
    const good = await jpeg('#c0392b');
    files.goodA = path.join(inDir, 'lesion-a.jpg');
    files.goodB = path.join(inDir, 'lesion-b.jpeg');
    files.text = path.join(inDir, 'notes.jpg');
    files.truncated = path.join(inDir, 'cut.jpg');
    await writeFile(files.goodA, good);
    await writeFile(files.goodB, await jpeg('#2980b9'));
    await writeFile(files.text, 'This is a referral letter, not a photo.\n');
    await writeFile(files.truncated, good.subarray(0, Math.floor(good.length / 2)));
    // A legacy folder: two images (one upper-case extension), a non-image and a subfolder.
    await writeFile(path.join(inDir, 'legacy', 'IMG_0002.JPG'), await jpeg('#27ae60'));
    await writeFile(path.join(inDir, 'legacy', 'IMG_0001.png'), await png('#8e44ad'));
    await writeFile(path.join(inDir, 'legacy', 'index.txt'), 'legacy index');
    await writeFile(path.join(inDir, 'legacy', 'nested', 'IMG_0003.jpg'), await jpeg('#f1c40f'));
  });

  afterAll(async () => {
    await work?.cleanup();
    console.info(`CLI runs: ${timings.length}; ${timings.map(([c, ms]) => `${c}=${Math.round(ms)}ms`).join(', ')}`);
  });

  it('prints overall and per-command help on stdout with exit 0', async () => {
    const overall = await cli(['--help'], null);
    expect(overall.code).toBe(0);
    expect(overall.stdout).toContain('Usage: npm run -s cli -- <command> [options]');
    for (const command of ['init', 'patient add', 'import']) expect(overall.stdout).toContain(command);
    const importHelp = await cli(['import', '--help'], null);
    expect(importHelp.code).toBe(0);
    expect(importHelp.stdout).toContain('Usage: import --data-dir DIR --user USER --mrn MRN FILE|FOLDER...');
  });

  it('refuses an unknown command and an unknown flag with usage on stderr, exit 2', async () => {
    const command = await cli(['frobnicate'], null);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/^error: unknown command 'frobnicate'\n/);
    expect(command.stderr).toContain('Usage:');
    expect(command.stdout).toBe('');
    const flag = await cli(['init', '--data-dir', dataDir, '--clinic', 'Harbour Dermatology', '--admin', 'admin', '--password', 'x'], null);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^error: unknown option '--password'/);
    expect(flag.stderr).toContain('Usage: init');
  });

  it('refuses commands on a data directory that was never set up', async () => {
    const run = await patientAdd();
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: no workstation is set up in ${dataDir} (run init first)\n`);
  });

  it('init sets up the workstation; a second init is refused', async () => {
    const run = await cli(['init', '--data-dir', dataDir, '--clinic', 'Harbour Dermatology', '--admin', 'admin', '--admin-name', 'Dr Ada Admin']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Workstation set up for "Harbour Dermatology" in ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; administrator: admin\n[^]*shown only this once[^]*\nRecovery code: (?:[0-9A-Z]{4}-){7}[0-9A-Z]{4}\n$`));

    const again = await cli(['init', '--data-dir', dataDir, '--clinic', 'Other Clinic', '--admin', 'other']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`error: this workstation is already set up (${dataDir})\n`);
  });

  it('patient add registers a patient and prints its id', async () => {
    const run = await patientAdd();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^[0-9a-f]{32}\n$/);
  });

  it('patient add refuses a duplicate MRN, a bad name, invalid values and a missing flag', async () => {
    const duplicate = await patientAdd({ '--name': 'Someone, Else' });
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toBe(`error: another patient already has MRN ${PATIENT.mrn}\n`);
    expect(duplicate.stdout).toBe('');

    const badName = await patientAdd({ '--mrn': 'MRN-2', '--name': 'Maribel Okonkwo' }, null);
    expect(badName.code).toBe(1);
    expect(badName.stderr).toBe('error: --name must be "Family, Given": the family name, a comma, then the given name(s)\n');

    const invalid = await patientAdd({ '--mrn': 'MRN-3', '--birth-date': '1979-02-30', '--sex': 'X' });
    expect(invalid.code).toBe(1);
    expect(invalid.stderr.split('\n')).toHaveLength(2); // one line
    expect(invalid.stderr).toMatch(/^error: .*--birth-date must be a real calendar date/);
    expect(invalid.stderr).toContain('--sex');

    const missing = await patientAdd({ '--birth-date': '' }, null);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: missing required option --birth-date \(or give the record with --from-file\)\n/);
  });

  it('a wrong password fails with the standard message, exit 1', async () => {
    const run = await patientAdd({ '--mrn': 'MRN-4' }, 'not the password at all\n');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: username or password is incorrect\n');
    expect(run.stdout).toBe('');
  });

  it('import refuses an unknown MRN before importing anything', async () => {
    const run = await cli(['import', '--data-dir', dataDir, '--user', 'admin', '--mrn', 'NO-SUCH-MRN', files.goodA!, files.text!]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: no patient has MRN NO-SUCH-MRN\n');
    expect(run.stdout).toBe('');
    expect(await photosInDb()).toHaveLength(0);
  });

  it('import stores valid images, skips invalid ones, and exits 1', async () => {
    const order = [files.goodA!, files.text!, files.goodB!, files.truncated!];
    const run = await cli(['import', '--data-dir', dataDir, '--user', 'admin', '--mrn', PATIENT.mrn, ...order]);
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => l.split('\t')[1])).toEqual([files.goodA, files.goodB]);
    for (const line of lines) expect(line).toMatch(new RegExp(`^[0-9a-f]{32}\\t${inDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/lesion-[ab]\\.jpe?g$`));
    expect(run.stderr).toContain(`skipped ${files.text}: the file is not a JPEG or PNG image\n`);
    expect(run.stderr).toContain(`skipped ${files.truncated}: the image is damaged or incomplete and cannot be decoded\n`);
    expect(run.stderr).toMatch(/error: 2 of 4 files skipped; 2 imported\n$/);

    importedIds.push(...lines.map((l) => l.split('\t')[0]!));
    expect(importedIds.every((id) => ID.test(id))).toBe(true);
    const photos = await photosInDb();
    expect(photos).toHaveLength(2);
    expect(photos.map((p) => p.id).sort()).toEqual([...importedIds].sort());
    expect(photos.every((p) => p.source === 'import' && p.mime === 'image/jpeg')).toBe(true);
  });

  it('import of a folder takes its images, sorted, non-recursive', async () => {
    const folder = path.join(inDir, 'legacy');
    const run = await cli(['import', '--data-dir', dataDir, '--user', 'admin', '--mrn', PATIENT.mrn, folder]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n').filter(Boolean);
    expect(lines.map((l) => l.split('\t')[1])).toEqual([path.join(folder, 'IMG_0001.png'), path.join(folder, 'IMG_0002.JPG')]);
    expect(lines.every((l) => ID.test(l.split('\t')[0]!))).toBe(true);
    expect(await photosInDb()).toHaveLength(4);
  });

  it('import without files is a usage error', async () => {
    const run = await cli(['import', '--data-dir', dataDir, '--user', 'admin', '--mrn', PATIENT.mrn], null);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: missing files to import/);
  });

  it('leaves no plaintext image or patient string in the data directory', async () => {
    const findings = await scanForPlaintext(dataDir, [PATIENT.family, PATIENT.given, PATIENT.mrn, PATIENT.birthDate, 'Someone', 'lesion-a', 'IMG_0001']);
    expect(findings).toEqual([]);
  });
});
