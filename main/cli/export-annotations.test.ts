// The real CLI's `export annotations`, run as a child process on a clinic set up in-process: the
// presentation state passes dciodvfy, the Web Annotation JSON parses, both are written owner-only,
// and a photo without annotations exits 1 with one line and no file.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../core/access/test-staff';
import { annotatedPhoto, ANNOTATED_PATIENT } from '../core/annotations/test-support';
import { renderClinicalScene } from '../core/capture/simulated-camera';
import { dciodvfy } from '../core/interop/dicom/dicom-tools';
import { ADMIN, importPhoto, initializedClinic, tempDir } from '../core/test-support/fixtures';
import { runCli } from './test-support';

let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let out: Awaited<ReturnType<typeof tempDir>>;
let annotated: string;
let bare: string;

const args = (photoId: string, format: string, file: string) => ['export', 'annotations', '--data-dir', clinic.dir, '--user', ADMIN.username, '--photo', photoId, '--format', format, '--out', file];

beforeAll(async () => {
  clinic = await initializedClinic();
  const admin = await signedIn(clinic.core, ADMIN.username, ADMIN.password, { local: true });
  annotated = (await annotatedPhoto(admin)).photo.id;
  bare = await importPhoto(admin, { mrn: ANNOTATED_PATIENT.mrn, bytes: await renderClinicalScene(1200, 800, 5), device: 'test' });
  await clinic.core.close(); // the CLI opens the data directory itself
  out = await tempDir('cpw-export-annotations-');
}, 60_000);

afterAll(async () => {
  await clinic?.dispose();
  await out?.cleanup();
});

describe('cli export annotations', () => {
  it('writes the presentation state and the Web Annotation JSON, owner-only', async () => {
    const csps = path.join(out.dir, 'ps.dcm');
    const run = await runCli(args(annotated, 'csps', csps), `${ADMIN.password}\n`);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${annotated}\t1\t${csps}\n`);
    expect((await stat(csps)).mode & 0o777).toBe(0o600);
    expect(dciodvfy(csps).errors).toEqual([]);

    const json = path.join(out.dir, 'anno.json');
    const second = await runCli(args(annotated, 'web-annotation', json), `${ADMIN.password}\n`);
    expect(second.code).toBe(0);
    expect(JSON.parse(await readFile(json, 'utf8'))).toMatchObject({ type: 'AnnotationCollection', total: 11 });
  }, 60_000);

  it('exits 1 with a one-line reason and writes nothing when the photo has no annotations', async () => {
    const file = path.join(out.dir, 'none.dcm');
    const run = await runCli(args(bare, 'csps', file), `${ADMIN.password}\n`);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/no annotations/);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    const usage = await runCli(['export', 'annotations', '--data-dir', clinic.dir, '--user', 'admin', '--photo', bare, '--format', 'png', '--out', file], '');
    expect(usage.code).toBe(2);
  }, 60_000);
});
