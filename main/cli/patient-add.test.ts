// `patient add --from-file` as a child process against a real data directory: the record comes as
// JSON from stdin after the password, or from a file, so no PHI is in argv; it is checked against
// the patients.register schema before the password is used; each failure is one clear line with
// the README's exit code (0 ok, 1 failure or invalid input, 2 usage).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/domain';
import { ADMIN, tempDir, testCore, unwrap } from '../core/test-support/fixtures';
import { scanForPlaintext } from '../core/test-support/plaintext-scan';
import { runCli } from './test-support';

const RECORD = { mrn: 'MRN-55120', familyName: 'Vasquez-Ferreira', givenName: 'Ines', birthDate: '1991-07-14', sex: 'F' };
const PHI = [RECORD.mrn, RECORD.familyName, RECORD.givenName];

describe('patient add --from-file', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let dataDir: string;
  const add = (extra: string[], stdin: string) => runCli(['patient', 'add', '--data-dir', dataDir, '--user', ADMIN.username, ...extra], stdin);

  beforeAll(async () => {
    work = await tempDir('cpw-cli-patient-');
    dataDir = path.join(work.dir, 'data');
    const core = testCore(dataDir);
    unwrap(await core.connect().api.setup.initialize({ clinicName: 'Harbour Dermatology', admin: ADMIN }));
    await core.close();
  });
  afterAll(async () => {
    await work?.cleanup();
  });

  it('registers the record read from stdin after the password; argv holds no PHI', async () => {
    const args = ['--from-file', '-'];
    expect(args.join(' ')).not.toMatch(new RegExp(PHI.join('|')));
    const run = await add(args, `${ADMIN.password}\n${JSON.stringify(RECORD, null, 2)}\n`);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const id = run.stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{32}$/);

    const core = testCore(dataDir);
    const client = core.connect();
    unwrap(await client.api.session.signIn({ username: ADMIN.username, password: ADMIN.password }));
    expect(unwrap<Patient>(await client.api.patients.get({ patientId: id }))).toMatchObject(RECORD);
    await core.close();
    expect(await scanForPlaintext(dataDir, PHI)).toEqual([]);
  });

  it('registers the record from a file, and refuses its MRN a second time without echoing it', async () => {
    const file = path.join(work.dir, 'second.json');
    await writeFile(file, JSON.stringify({ ...RECORD, mrn: 'MRN-55121' }));
    const run = await add(['--from-file', file], `${ADMIN.password}\n`);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const again = await add(['--from-file', file], `${ADMIN.password}\n`);
    expect([again.code, again.stderr]).toEqual([1, 'error: another patient already has this MRN\n']);
  });

  it('checks the record against the register schema before the password is tried', async () => {
    // A wrong password on purpose: the record's problems are reported first, so no sign-in happens.
    const wrong = 'not the password\n';
    const cases: Array<[string, string]> = [
      ['{"mrn": "MRN-1", ', 'error: the patient record in stdin is not valid JSON\n'],
      ['', 'error: no patient record in stdin: expected a JSON object\n'],
      ['[1, 2]', 'error: the patient record in stdin must be one JSON object\n'],
      [JSON.stringify({ ...RECORD, birthDate: '1991-02-30', ward: 'B' }), 'error: the patient record in stdin: "birthDate" must be a real calendar date; unknown field "ward"\n'],
      [JSON.stringify({ mrn: 'MRN-9', familyName: 'X', givenName: 'Y', birthDate: '1990-01-01' }), 'error: the patient record in stdin: "sex" is required\n'],
    ];
    for (const [record, expected] of cases) {
      const run = await add(['--from-file', '-'], `${wrong}${record}`);
      expect(run.code).toBe(1);
      expect(run.stderr.startsWith(expected)).toBe(true);
      expect(run.stderr.split('\n')).toHaveLength(2);
      expect(run.stderr).not.toMatch(/Vasquez|Ines/);
    }
  });

  it('refuses --from-file beside the record flags, and a missing password, as usage errors', async () => {
    const mixed = await add(['--from-file', '-', '--mrn', 'MRN-7'], `${ADMIN.password}\n{}`);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/^error: --from-file gives the whole record: leave out --mrn\n/);
    const noPassword = await add(['--from-file', '-'], '');
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toMatch(/^error: no password on stdin/);
    const neither = await add([], `${ADMIN.password}\n`);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/^error: missing required option --mrn \(or give the record with --from-file\)\n/);
  });
});
