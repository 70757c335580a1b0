// The gphoto2 driver's process handling, exercised through the same driver code a real camera
// uses: against gphoto2's own "Directory Browse" camera (real gphoto2, no USB needed) for the
// download path, and against a fake `gphoto2` on PATH for capture, live view and tethered mode,
// which need a camera on USB. Every run asserts that no file appeared in the run's temp base.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGphoto2Camera, detectGphoto2Cameras, downloadGphoto2File } from './driver';
import { fakeGphoto2Path } from './test-support/fake-path';

const hasGphoto2 = spawnSync('gphoto2', ['--version']).status === 0;
const hasStrace = spawnSync('strace', ['-V']).status === 0;

let work: string;
let tempBase: string;
let jpegs: string[];

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'gphoto2-driver-test-'));
  tempBase = path.join(work, 'runs');
  execFileSync('mkdir', ['-p', tempBase]);
  jpegs = [];
  for (const [i, color] of ['#c08060', '#80a0c0'].entries()) {
    const file = path.join(work, `shot${i}.jpg`);
    writeFileSync(file, await sharp({ create: { width: 320, height: 240, channels: 3, background: color } }).jpeg().toBuffer());
    jpegs.push(file);
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const fakeOnPath = (scenario: Record<string, unknown>): string => fakeGphoto2Path(work, { jpegs, ...scenario });

const runtimeFor = (searchPath: string) => ({ runtime: { searchPath, tempBase }, captureTimeoutMs: 5000 });
const camera = { model: 'Canon EOS 80D', port: 'usb:001,004' };
const leftovers = () => readdirSync(tempBase);

describe('gphoto2 driver with a fake camera on PATH', () => {
  it('detects cameras through the real parser', async () => {
    const found = await detectGphoto2Cameras(runtimeFor(fakeOnPath({})));
    expect(found.map((c) => c.model)).toEqual(['Canon EOS 80D', 'Nikon DSC D7500']);
    expect(leftovers()).toEqual([]);
  });

  it('captures to memory, with no working directory to write a temp file into', async () => {
    const driver = createGphoto2Camera(camera, runtimeFor(fakeOnPath({ mode: 'ok' })));
    const frame = await driver.capture();
    expect(Buffer.compare(frame.bytes, readFileSync(jpegs[0]!))).toBe(0);
    expect(frame.device).toContain('Canon EOS 80D');
    expect(driver.kind).toBe('tethered');
    expect(leftovers()).toEqual([]);
  });

  it.each([
    ['busy', 'CAMERA_BUSY'],
    ['card-full', 'CAMERA_CARD_FULL'],
    ['no-camera', 'CAMERA_NOT_DETECTED'],
    ['disconnect', 'CAMERA_DISCONNECTED'],
  ])('maps the %s failure to %s', async (mode, code) => {
    const driver = createGphoto2Camera(camera, runtimeFor(fakeOnPath({ mode })));
    await expect(driver.capture()).rejects.toMatchObject({ code });
    expect(leftovers()).toEqual([]);
  });

  it('times out a camera that never answers and kills the process', async () => {
    const driver = createGphoto2Camera(camera, { runtime: { searchPath: fakeOnPath({ mode: 'hang' }), tempBase }, captureTimeoutMs: 400 });
    await expect(driver.capture()).rejects.toMatchObject({ code: 'CAMERA_TIMEOUT' });
    expect(leftovers()).toEqual([]);
  });

  it('says clearly when gphoto2 is not installed', async () => {
    const driver = createGphoto2Camera(camera, runtimeFor(path.join(work, 'empty-bin')));
    await expect(driver.capture()).rejects.toMatchObject({ code: 'CAMERA_UNAVAILABLE' });
  });

  it('streams live view frames split from MJPEG and stops cleanly', async () => {
    const driver = createGphoto2Camera(camera, runtimeFor(fakeOnPath({ mode: 'ok' })));
    const frames: Buffer[] = [];
    const view = await driver.startLiveView!((f) => frames.push(f));
    await new Promise((r) => setTimeout(r, 600));
    await view.stop();
    expect(await view.ended).toBeNull();
    expect(frames.length).toBeGreaterThan(3);
    const sizes = new Set(frames.map((f) => f.length));
    expect([...sizes].sort()).toEqual(jpegs.map((j) => readFileSync(j).length).sort());
    expect(leftovers()).toEqual([]);
  });

  it('picks up photos taken with the camera shutter in tethered mode', async () => {
    const driver = createGphoto2Camera(camera, runtimeFor(fakeOnPath({ mode: 'ok' })));
    const photos: Buffer[] = [];
    const session = await driver.startTethered!((f) => photos.push(f.bytes));
    await new Promise((r) => setTimeout(r, 400));
    await session.stop();
    expect(await session.ended).toBeNull();
    expect(photos.map((p) => p.length)).toEqual(jpegs.map((j) => readFileSync(j).length));
    expect(leftovers()).toEqual([]);
  });

  it('reports a disconnect in the middle of a tethered transfer', async () => {
    const driver = createGphoto2Camera(camera, runtimeFor(fakeOnPath({ mode: 'disconnect' })));
    const photos: Buffer[] = [];
    const session = await driver.startTethered!((f) => photos.push(f.bytes));
    expect(await session.ended).toMatchObject({ code: 'CAMERA_DISCONNECTED' });
    expect(photos).toHaveLength(2);
  });
});

describe.skipIf(!hasGphoto2)('the download path against gphoto2\'s "Directory Browse" camera', () => {
  it('downloads a file to memory byte for byte, leaving no file anywhere', async () => {
    const card = mkdtempSync(path.join(work, 'card-'));
    const original = readFileSync(jpegs[1]!);
    writeFileSync(path.join(card, 'IMG_0001.JPG'), original);
    const before = readdirSync(card);
    const bytes = await downloadGphoto2File({ model: 'Directory Browse', port: `disk:${card}` }, 1, { runtime: { tempBase } });
    expect(Buffer.compare(bytes, original)).toBe(0);
    expect(readdirSync(card)).toEqual(before);
    expect(leftovers()).toEqual([]);
  });

  it.skipIf(!hasStrace)('never lets gphoto2 create its temp file (traced)', async () => {
    // gphoto2 downloads through mkstemp("tmpfileXXXXXX") in its working directory; the driver's
    // vanishing working directory must make that fail (ENOENT) so the bytes stay in memory.
    const card = mkdtempSync(path.join(work, 'card-'));
    writeFileSync(path.join(card, 'IMG_0002.JPG'), readFileSync(jpegs[0]!));
    const bin = mkdtempSync(path.join(work, 'traced-'));
    const log = path.join(work, 'strace.log');
    writeFileSync(path.join(bin, 'gphoto2'), `#!/bin/sh\nexec strace -f -e trace=openat,open,creat -o '${log}' /usr/bin/gphoto2 "$@"\n`);
    chmodSync(path.join(bin, 'gphoto2'), 0o755);
    const bytes = await downloadGphoto2File({ model: 'Directory Browse', port: `disk:${card}` }, 1, { runtime: { searchPath: `${bin}:/usr/bin:/bin`, tempBase } });
    expect(bytes.length).toBeGreaterThan(100);
    const opens = readFileSync(log, 'utf8').split('\n').filter((l) => l.includes('tmpfile'));
    expect(opens.length).toBeGreaterThan(0);
    for (const line of opens) expect(line).toMatch(/= -1 ENOENT/);
    expect(leftovers()).toEqual([]);
  });

  it('maps the real "cannot capture" answer of a camera without capture', async () => {
    const card = mkdtempSync(path.join(work, 'card-'));
    const driver = createGphoto2Camera({ model: 'Directory Browse', port: `disk:${card}` }, { runtime: { tempBase } });
    await expect(driver.capture()).rejects.toMatchObject({ code: 'CAMERA_UNSUPPORTED' });
    expect(existsSync(path.join(card, 'tmpfile'))).toBe(false);
  });
});
