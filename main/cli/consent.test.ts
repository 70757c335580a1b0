// The real CLI's `consent add|list|withdraw` and `export --purpose`, as child processes on a clinic
// set up in-process: a paper consent recorded from a scan prints its id; a file that is not a PDF,
// JPEG or PNG is refused (exit 1) and nothing is recorded; list prints each consent's uses and
// state; an export for a refused, unasked or withdrawn use exits 1 naming the use and writes no
// file; usage errors exit 2.
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentClinic, PATIENT, scanPdf, SITES } from '../core/consent/test-support/consent-fixtures';
import { ADMIN, tempDir } from '../core/test-support/fixtures';
import { runCli } from './test-support';

const cli = (args: string[]) => runCli(args, `${ADMIN.password}\n`);

let dataDir: string;
let photoId: string;
let work: Awaited<ReturnType<typeof tempDir>>;
let cleanupClinic: () => Promise<void>;

beforeAll(async () => {
  const c = await consentClinic();
  photoId = await c.capture(SITES.back);
  dataDir = c.dir;
  await c.core.close(); // the CLI opens the data directory itself
  cleanupClinic = c.dispose;
  work = await tempDir('cpw-consent-cli-');
  await writeFile(path.join(work.dir, 'form.pdf'), await scanPdf());
  await writeFile(path.join(work.dir, 'notes.txt'), 'not a scan\n');
}, 60_000);

afterAll(async () => {
  await cleanupClinic?.();
  await work?.cleanup();
});

const base = () => ['--data-dir', dataDir, '--user', ADMIN.username];
const exportTo = (purpose: string | null, file: string) => cli(['export', 'fhir', ...base(), '--photo', photoId, '--out', path.join(work.dir, file), ...(purpose ? ['--purpose', purpose] : [])]);

describe('cli consent', () => {
  let consentId: string;

  it('refuses a scan that is not a PDF, JPEG or PNG, and records nothing', async () => {
    const run = await cli(['consent', 'add', ...base(), '--mrn', PATIENT.mrn, '--scopes', 'education', '--scan', path.join(work.dir, 'notes.txt')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--scan: the scan must be a PDF, JPEG or PNG file/);
    const list = await cli(['consent', 'list', ...base(), '--mrn', PATIENT.mrn]);
    expect(list).toMatchObject({ code: 0, stdout: '' });
  });

  it('records a paper consent from a scanned PDF and prints its id', async () => {
    const run = await cli(['consent', 'add', ...base(), '--mrn', PATIENT.mrn, '--scopes', 'education,publication', '--refuse', 'marketing,social', '--expires', '2099-12-31', '--scan', path.join(work.dir, 'form.pdf')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^[0-9a-f]{32}\n$/);
    consentId = run.stdout.trim();
  });

  it('lists one line per consent with its uses and state', async () => {
    const run = await cli(['consent', 'list', ...base(), '--mrn', PATIENT.mrn]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      `${consentId}\tpaper\tactive\tsigned ${new Date().toISOString().slice(0, 10)}\teducation=granted@2099-12-31 publication=granted@2099-12-31 marketing=refused social=refused`,
    );
  });

  it('exports for clinical by default and for a granted use; refuses a refused or unasked use with exit 1, naming it, and writes nothing', async () => {
    expect((await exportTo(null, 'clinical.json')).code).toBe(0);
    expect((await exportTo('education', 'education.json')).code).toBe(0);
    const refused = await exportTo('marketing', 'marketing.json');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: not released for marketing .*the patient refused it/);
    const unasked = await exportTo('ai-training', 'ai.json');
    expect(unasked.code).toBe(1);
    expect(unasked.stderr).toMatch(/ai-training .*no consent decides this use/);
    expect((await readdir(work.dir)).sort()).toEqual(['clinical.json', 'education.json', 'form.pdf', 'notes.txt']);
  }, 120_000); // four or five real CLI runs in a row: ~8 s each on a loaded CI machine

  it('withdraws one use; an export for it is refused from then on, the others still go', async () => {
    const run = await cli(['consent', 'withdraw', ...base(), '--consent', consentId, '--scopes', 'education']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/partly-withdrawn.*education=withdrawn/);
    expect(run.stdout).toMatch(/cancelled deliveries: 0/);
    const refused = await exportTo('education', 'after.json');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/education .*withdrew it on/);
    expect((await exportTo('publication', 'publication.json')).code).toBe(0);
    const again = await cli(['consent', 'withdraw', ...base(), '--consent', consentId, '--scopes', 'education']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/--scopes names no granted use that is not already withdrawn/);
  }, 120_000); // four or five real CLI runs in a row: ~8 s each on a loaded CI machine

  it('refuses an unknown purpose or use with exit 2 and the usage', async () => {
    const purpose = await exportTo('gossip', 'x.json');
    expect(purpose.code).toBe(2);
    expect(purpose.stderr).toMatch(/unknown purpose 'gossip'/);
    const scope = await cli(['consent', 'add', ...base(), '--mrn', PATIENT.mrn, '--scopes', 'selfies', '--scan', path.join(work.dir, 'form.pdf')]);
    expect(scope.code).toBe(2);
    expect(scope.stderr).toMatch(/--scopes: unknown use 'selfies'/);
  });
});
