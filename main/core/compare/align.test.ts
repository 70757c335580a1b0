// Alignment through the core's door, on real sealed photos: the matrix of a generated pair lands
// within 2 px of the known transform at every corner, is stored with its inputs and audited; a
// pair differing by perspective gets the homography (a similarity pair keeps the similarity);
// unrelated photos are refused with ALIGNMENT_FAILED (audited); the manual fallback fits three
// pairs; photos of two patients are refused; renditions are upright, sealed and audited as views;
// a restricted patient's photos are refused to every role exactly as the viewer refuses them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, ONE_OF_EACH, signedIn } from '../access/test-staff';
import { importPhoto, initializedClinic, unwrap } from '../test-support/fixtures';
import { scanForPlaintext } from '../test-support/plaintext-scan';
import { loadOpenCv } from './opencv';
import { apply, cornerErrors, type Matrix3, type Point } from './similarity';
import { generatePerspectivePair } from './test-support/perspective-scenes';
import { generatePair } from './test-support/scenes';

const W = 2400;
const H = 1600;
let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let ids: { from: string; to: string; other: string; elsewhere: string; tilted: string };
let truth: Matrix3;
let tiltedTruth: Matrix3;

beforeAll(async () => {
  clinic = await initializedClinic();
  const api = clinic.client.api;
  unwrap(await api.patients.register({ mrn: 'CMP-1', familyName: 'Lindqvist', givenName: 'Maja', birthDate: '1961-04-02', sex: 'F' }));
  unwrap(await api.patients.register({ mrn: 'CMP-2', familyName: 'Okafor', givenName: 'Ben', birthDate: '1975-09-30', sex: 'M' }));
  const pair = await generatePair({ width: W, height: H, seed: 7, rotationDeg: -11, scale: 0.87, tx: 60, ty: 45, gain: 1.15 });
  const unrelated = await generatePair({ width: W, height: H, seed: 99, rotationDeg: 0, scale: 1, tx: 0, ty: 0, gain: 1.05 });
  // The same site photographed from 9° to the side and 4° from below, a little rotated and closer;
  // its `from` is the same rendering of seed 7 at the same scale as pair.from, so ids.from serves both.
  const tilted = await generatePerspectivePair((await loadOpenCv()).cv, { width: W, height: H, seed: 7, rotationDeg: 4, scale: 1.06, tx: -40, ty: 25, gain: 0.9, tiltXDeg: 9, tiltYDeg: -4 });
  truth = pair.truth;
  tiltedTruth = tilted.truth;
  const device = 'test generator';
  ids = {
    from: await importPhoto(clinic.client, { mrn: 'CMP-1', bytes: pair.from, device }),
    to: await importPhoto(clinic.client, { mrn: 'CMP-1', bytes: pair.to, device }),
    other: await importPhoto(clinic.client, { mrn: 'CMP-1', bytes: unrelated.from, device }),
    elsewhere: await importPhoto(clinic.client, { mrn: 'CMP-2', bytes: unrelated.to, device }),
    tilted: await importPhoto(clinic.client, { mrn: 'CMP-1', bytes: tilted.to, device }),
  };
}, 120_000);
afterAll(() => clinic?.dispose());

describe('compare.align', () => {
  it('aligns a generated pair to within 2 px of the known transform, stored and audited', async () => {
    const api = clinic.client.api;
    const alignment = unwrap(await api.compare.align({ fromPhotoId: ids.from, toPhotoId: ids.to }));
    expect(alignment).toMatchObject({ method: 'auto', model: 'similarity', fromPhotoId: ids.from, toPhotoId: ids.to });
    expect(alignment.inliers).toBeGreaterThanOrEqual(20);
    expect(alignment.rmsPx).toBeLessThan(5);
    expect(Math.max(...cornerErrors(alignment.matrix, truth, W, H))).toBeLessThan(2);
    expect(unwrap(await api.compare.alignment({ fromPhotoId: ids.from, toPhotoId: ids.to }))).toEqual(alignment);
    const events = unwrap(await api.audit.search({ action: 'compare.align', pageSize: 200 }));
    expect(events.records.some((e) => e.outcome === 'success' && e.photoId === ids.to && e.detail.includes(`from=${ids.from}`))).toBe(true);
  }, 120_000);

  it('chooses the homography for a pair taken from another angle, within 1 px, stored and audited as such', async () => {
    const api = clinic.client.api;
    const alignment = unwrap(await api.compare.align({ fromPhotoId: ids.from, toPhotoId: ids.tilted }));
    expect(alignment).toMatchObject({ method: 'auto', model: 'homography' });
    expect(alignment.matrix[2][2]).toBe(1);
    expect(Math.hypot(alignment.matrix[2][0], alignment.matrix[2][1])).toBeGreaterThan(1e-6);
    expect(Math.max(...cornerErrors(alignment.matrix, tiltedTruth, W, H))).toBeLessThan(1);
    expect(alignment.rmsPx).toBeLessThan(3);
    expect(unwrap(await api.compare.alignment({ fromPhotoId: ids.from, toPhotoId: ids.tilted }))).toEqual(alignment);
    const events = unwrap(await api.audit.search({ action: 'compare.align', pageSize: 200 }));
    expect(events.records.some((e) => e.outcome === 'success' && e.photoId === ids.tilted && e.detail.includes('model=homography'))).toBe(true);
  }, 120_000);

  it('refuses unrelated photos with ALIGNMENT_FAILED and audits the refusal', async () => {
    const result = await clinic.client.api.compare.align({ fromPhotoId: ids.from, toPhotoId: ids.other });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('ALIGNMENT_FAILED');
    expect(result.error.fields?.reason).toMatch(/^few-/);
    const events = unwrap(await clinic.client.api.audit.search({ action: 'compare.align', pageSize: 200 }));
    expect(events.records.some((e) => e.outcome === 'failure' && e.photoId === ids.other)).toBe(true);
    expect(unwrap(await clinic.client.api.compare.alignment({ fromPhotoId: ids.from, toPhotoId: ids.other }))).toBeNull();
  }, 120_000);

  it('fits three picked point pairs (the manual fallback)', async () => {
    const picked: Point[] = [
      [600, 500],
      [1800, 450],
      [1200, 1200],
    ];
    const pairs = picked.map((to) => ({ to: [to[0], to[1]] as [number, number], from: apply(truth, to) }));
    const alignment = unwrap(await clinic.client.api.compare.alignManual({ fromPhotoId: ids.from, toPhotoId: ids.to, pairs }));
    expect(alignment.method).toBe('manual');
    expect(alignment.rmsPx).toBeLessThan(1e-6);
    expect(Math.max(...cornerErrors(alignment.matrix, truth, W, H))).toBeLessThan(1e-3);
  });

  it("refuses another patient's photo and the same photo twice", async () => {
    const api = clinic.client.api;
    const across = await api.compare.align({ fromPhotoId: ids.from, toPhotoId: ids.elsewhere });
    expect(across.ok ? null : across.error.code).toBe('VALIDATION_FAILED');
    const same = await api.compare.align({ fromPhotoId: ids.from, toPhotoId: ids.from });
    expect(same.ok ? null : same.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('compare.rendition', () => {
  it('makes an upright screen-sized rendition once, sealed, and audits it as a view', async () => {
    const api = clinic.client.api;
    const first = unwrap(await api.compare.rendition({ photoId: ids.from, edge: 1024 }));
    expect([first.width, first.height]).toEqual([1024, Math.round((1024 * H) / W)]);
    const again = unwrap(await api.compare.rendition({ photoId: ids.from, edge: 1024 }));
    expect(again.handle).not.toBe(first.handle);
    const bytes = await clinic.client.resolvePhoto(first.handle);
    expect(bytes.mime).toBe('image/jpeg');
    const events = unwrap(await api.audit.search({ action: 'photo.view', pageSize: 200 }));
    expect(events.records.filter((e) => e.photoId === ids.from && e.detail === 'rendition=1024')).toHaveLength(2);
    expect(await scanForPlaintext(clinic.dir, ['Lindqvist', 'CMP-1'])).toEqual([]);
  });
});

describe('a restricted patient', () => {
  it('is refused in compare exactly as in the viewer, for every role', async () => {
    await addStaff(clinic.dir, ONE_OF_EACH);
    const privacy = await signedIn(clinic.core, 'privacy');
    unwrap(await privacy.api.access.restrict({ mrn: 'CMP-1', category: 'vip', reason: 'Public figure, requested confidentiality' }));
    const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
    for (const username of Object.keys(ONE_OF_EACH)) {
      const api = (await signedIn(clinic.core, username)).api;
      const viewer = code(await api.photos.open({ photoId: ids.to }));
      expect(viewer, username).not.toBe('ok');
      expect(code(await api.compare.align({ fromPhotoId: ids.from, toPhotoId: ids.to })), username).toBe(viewer);
      // From an open patient's photo onto the restricted one's: refused as the viewer refuses the
      // first photo it may not see, never described as "another patient's".
      const viewerOfOpen = code(await api.photos.open({ photoId: ids.elsewhere }));
      expect(code(await api.compare.align({ fromPhotoId: ids.elsewhere, toPhotoId: ids.to })), username).toBe(viewerOfOpen === 'ok' ? viewer : viewerOfOpen);
      expect(code(await api.compare.alignment({ fromPhotoId: ids.from, toPhotoId: ids.to })), username).toBe(viewer);
      expect(code(await api.compare.rendition({ photoId: ids.to, edge: 1024 })), username).toBe(viewer);
      expect(code(await api.compare.previous({ photoId: ids.to })), username).toBe(viewer);
    }
  }, 120_000);
});
