// Colour normalisation through the core's door, on real sealed photos with a known cast: a grey
// card picked in both photos gives gains that undo the cast (ΔE2000 after well under 1), several
// patches a matrix; refusals (a patch outside the photo, another patient's photo) lose nothing
// and are clear; every answer is audited without a colour or a name in it; a restricted patient's
// photos are refused to every role exactly as the viewer refuses them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, ONE_OF_EACH, signedIn } from '../access/test-staff';
import { importPhoto, initializedClinic, unwrap } from '../test-support/fixtures';
import { scanForPlaintext } from '../test-support/plaintext-scan';
import { castSceneLayout, generateCastPair } from './test-support/colour-scenes';

const W = 1200;
const H = 900;
const SHIFT = { dx: 90, dy: 40 };
let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let ids: { from: string; to: string; elsewhere: string };
const layout = castSceneLayout(W, H);
const centre = (b: { x: number; y: number; w: number; h: number }): [number, number] => [b.x + b.w / 2, b.y + b.h / 2];
const moved = ([x, y]: [number, number]): [number, number] => [x + SHIFT.dx, y + SHIFT.dy];

beforeAll(async () => {
  clinic = await initializedClinic();
  const api = clinic.client.api;
  unwrap(await api.patients.register({ mrn: 'COL-1', familyName: 'Haddad', givenName: 'Leila', birthDate: '1958-11-19', sex: 'F' }));
  unwrap(await api.patients.register({ mrn: 'COL-2', familyName: 'Moreau', givenName: 'Paul', birthDate: '1980-02-14', sex: 'M' }));
  const pair = await generateCastPair({ width: W, height: H, cast: [1.3, 1.0, 0.7], ...SHIFT });
  const another = await generateCastPair({ width: W, height: H, cast: [0.9, 1.0, 1.1], dx: 0, dy: 0 });
  const device = 'test generator';
  ids = {
    from: await importPhoto(clinic.client, { mrn: 'COL-1', bytes: pair.from, device }),
    to: await importPhoto(clinic.client, { mrn: 'COL-1', bytes: pair.to, device }),
    elsewhere: await importPhoto(clinic.client, { mrn: 'COL-2', bytes: another.to, device }),
  };
}, 120_000);
afterAll(() => clinic?.dispose());

describe('compare.normaliseColour', () => {
  it('a grey card in both photos gives gains that undo a known cast, audited', async () => {
    const grey = centre(layout.grey);
    const answer = unwrap(await clinic.client.api.compare.normaliseColour({ fromPhotoId: ids.from, toPhotoId: ids.to, patches: [{ from: grey, to: moved(grey) }], radiusPx: 30 }));
    expect(answer.kind).toBe('gains');
    expect(answer.matrix[0][0]).toBeCloseTo(1 / 1.3, 1);
    expect(answer.matrix[2][2]).toBeCloseTo(1 / 0.7, 1);
    expect(answer.deltaE.before).toBeGreaterThan(5);
    expect(answer.deltaE.after).toBeLessThan(1);
    const events = unwrap(await clinic.client.api.audit.search({ action: 'compare.colour', pageSize: 50 }));
    const record = events.records.find((e) => e.outcome === 'success' && e.photoId === ids.to);
    expect(record?.detail).toMatch(new RegExp(`^from=${ids.from};patches=1/1;kind=gains;dE00=[\\d.]+->[\\d.]+$`));
  }, 60_000);

  it('several coloured patches fit a matrix; the patches come back matched', async () => {
    const boxes = [layout.grey, ...layout.patches, { ...layout.grey, x: layout.grey.x + 10 }];
    const patches = boxes.map((b) => ({ from: centre(b), to: moved(centre(b)) }));
    const answer = unwrap(await clinic.client.api.compare.normaliseColour({ fromPhotoId: ids.from, toPhotoId: ids.to, patches, radiusPx: 20 }));
    expect(answer.kind).toBe('matrix');
    expect(answer.patches).toHaveLength(6);
    expect(answer.deltaE.after).toBeLessThan(1);
    expect(answer.deltaE.after).toBeLessThan(answer.deltaE.before);
  }, 60_000);

  it('a 24-patch checker fits a matrix; patches clipped under the cast are left out and named', async () => {
    const c = layout.checker;
    const pitch = c.w / c.cols;
    const centres = Array.from({ length: 24 }, (_, i): [number, number] => [c.x + (i % c.cols + 0.5) * pitch, c.y + (Math.floor(i / c.cols) + 0.5) * pitch]);
    const answer = unwrap(await clinic.client.api.compare.normaliseColour({ fromPhotoId: ids.from, toPhotoId: ids.to, patches: centres.map((p) => ({ from: p, to: moved(p) })), radiusPx: pitch / 4 }));
    expect(answer.kind).toBe('matrix');
    // White and the yellows clip in red under ×1.3; the cyan's red is near zero: left out (measured: 11, 15, 17, 18).
    expect(answer.unused).toEqual(expect.arrayContaining([18]));
    expect(answer.patches).toHaveLength(24 - answer.unused.length);
    expect(answer.deltaE.before).toBeGreaterThan(5);
    expect(answer.deltaE.after).toBeLessThan(1.5);
  }, 60_000);

  it('refuses a patch outside a photo, and another patient’s photo, clearly', async () => {
    const api = clinic.client.api;
    const outside = await api.compare.normaliseColour({ fromPhotoId: ids.from, toPhotoId: ids.to, patches: [{ from: [W + 5, 10], to: [10, 10] }], radiusPx: 10 });
    expect(outside.ok).toBe(false);
    if (!outside.ok) expect(outside.error).toMatchObject({ code: 'VALIDATION_FAILED', fields: { patches: 'outside the photo' } });
    const other = await api.compare.normaliseColour({ fromPhotoId: ids.from, toPhotoId: ids.elsewhere, patches: [{ from: [10, 10], to: [10, 10] }], radiusPx: 10 });
    expect(other.ok).toBe(false);
    if (!other.ok) expect(other.error.code).toBe('VALIDATION_FAILED');
  }, 60_000);
});

describe('a restricted patient', () => {
  it('is refused colour matching exactly as in the viewer, for every role, and nothing is left in plaintext', async () => {
    await addStaff(clinic.dir, ONE_OF_EACH);
    const privacy = await signedIn(clinic.core, 'privacy');
    unwrap(await privacy.api.access.restrict({ mrn: 'COL-1', category: 'vip', reason: 'Public figure, requested confidentiality' }));
    const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
    const grey = centre(layout.grey);
    for (const username of Object.keys(ONE_OF_EACH)) {
      const api = (await signedIn(clinic.core, username)).api;
      const viewer = code(await api.photos.open({ photoId: ids.to }));
      expect(viewer, username).not.toBe('ok');
      expect(code(await api.compare.normaliseColour({ fromPhotoId: ids.from, toPhotoId: ids.to, patches: [{ from: grey, to: moved(grey) }], radiusPx: 30 })), username).toBe(viewer);
    }
    expect(await scanForPlaintext(clinic.dir, ['Haddad', 'COL-1'])).toEqual([]);
  }, 120_000);
});
