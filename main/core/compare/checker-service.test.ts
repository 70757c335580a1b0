// Colour-checker detection through the core's door, on real sealed photos: a checker found in two
// photos of one patient (different place, rotation and cast) gives corners in full-resolution
// pixels from which normaliseColour matches the second photo's colour to the first (ΔE2000 well
// under 1 after); a photo without one answers "not found"; each answer is audited as a colour
// match without a colour or a name; a restricted patient's photo is refused exactly as the
// viewer refuses it, for every role; nothing is left in plaintext.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, ONE_OF_EACH, signedIn } from '../access/test-staff';
import { importPhoto, initializedClinic, unwrap } from '../test-support/fixtures';
import { scanForPlaintext } from '../test-support/plaintext-scan';
import { apply, type Point } from './checker-geometry';
import { checkerScene, emptyScene, fromChart } from './test-support/checker-scenes';

const W = 2400;
const H = 1600;
let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let ids: { first: string; second: string; none: string };
let truth: { first: Point[]; second: Point[] };

beforeAll(async () => {
  clinic = await initializedClinic();
  unwrap(await clinic.client.api.patients.register({ mrn: 'CHK-1', familyName: 'Okonkwo', givenName: 'Adaeze', birthDate: '1969-03-02', sex: 'F' }));
  const first = await checkerScene({ width: W, height: H, seed: 31, noise: 4 }, { centre: [900, 700], pitch: 90, rotationDeg: 4 });
  const second = await checkerScene({ width: W, height: H, seed: 32, cast: [1.3, 1.0, 0.7], noise: 4 }, { centre: [1400, 900], pitch: 80, rotationDeg: 185, tilt: 0.15 });
  const none = await emptyScene({ width: W, height: H, seed: 33, noise: 4 });
  const device = 'test generator';
  ids = {
    first: await importPhoto(clinic.client, { mrn: 'CHK-1', bytes: first.jpeg, device }),
    second: await importPhoto(clinic.client, { mrn: 'CHK-1', bytes: second.jpeg, device }),
    none: await importPhoto(clinic.client, { mrn: 'CHK-1', bytes: none, device }),
  };
  // The scenes' pixel centres are at +0.5; the core's at integers.
  const centred = (ps: readonly Point[]) => ps.map(([x, y]): Point => [x - 0.5, y - 0.5]);
  truth = { first: centred(first.corners), second: centred(second.corners) };
}, 180_000);
afterAll(() => clinic?.dispose());

/** The 24 patch centres from the grid's corners (perspective-exact, as a test's truth). */
function centres(corners: readonly Point[]): Point[] {
  const H = fromChart(corners);
  return Array.from({ length: 24 }, (_, k) => apply(H, [(k % 6) + 0.5, Math.floor(k / 6) + 0.5]));
}

describe('compare.detectChecker', () => {
  it('finds the checker in both photos, corners in full-resolution pixels; normaliseColour then matches the colour', async () => {
    const api = clinic.client.api;
    const [a, b] = [unwrap(await api.compare.detectChecker({ photoId: ids.first })), unwrap(await api.compare.detectChecker({ photoId: ids.second }))];
    expect(a.found && b.found).toBe(true);
    if (!a.found || !b.found) return;
    const error = (found: readonly Point[], want: readonly Point[]) => Math.max(...found.map((p, i) => Math.hypot(p[0] - want[i]![0], p[1] - want[i]![1])));
    expect(error(a.corners, truth.first)).toBeLessThan(4);
    expect(error(b.corners, truth.second)).toBeLessThan(4);
    expect(b.orientation.rotationDeg).toBeGreaterThan(170);
    expect(b.orientation.rotationDeg).toBeLessThan(200);
    const from = centres(a.corners);
    const to = centres(b.corners);
    const pitch = Math.hypot(a.corners[1][0] - a.corners[0][0], a.corners[1][1] - a.corners[0][1]) / 6;
    const matched = unwrap(await api.compare.normaliseColour({ fromPhotoId: ids.first, toPhotoId: ids.second, patches: from.map((p, i) => ({ from: [p[0], p[1]], to: [to[i]![0], to[i]![1]] })), radiusPx: pitch / 4 }));
    expect(matched.kind).toBe('matrix');
    expect(matched.deltaE.before).toBeGreaterThan(5);
    expect(matched.deltaE.after).toBeLessThan(1);
    const events = unwrap(await api.audit.search({ action: 'compare.colour', pageSize: 50 }));
    const detected = events.records.filter((e) => e.detail?.startsWith('detect='));
    expect(detected.map((e) => e.photoId)).toEqual(expect.arrayContaining([ids.first, ids.second]));
    for (const e of detected) expect(e.detail).toMatch(/^detect=found;confidence=[\d.]+;squares=\d+;mismatched=0$/);
  }, 120_000);

  it('answers "not found" for a photo without a checker, audited as such', async () => {
    const answer = unwrap(await clinic.client.api.compare.detectChecker({ photoId: ids.none }));
    expect(answer).toMatchObject({ found: false, photoId: ids.none });
    const events = unwrap(await clinic.client.api.audit.search({ action: 'compare.colour', pageSize: 50 }));
    expect(events.records.find((e) => e.photoId === ids.none)?.detail).toMatch(/^detect=not-found;reason=(no-grid|not-a-checker|ambiguous);confidence=[\d.]+$/);
  }, 60_000);

  it('refuses a restricted patient’s photo exactly as the viewer does, for every role; nothing in plaintext', async () => {
    await addStaff(clinic.dir, ONE_OF_EACH);
    const privacy = await signedIn(clinic.core, 'privacy');
    unwrap(await privacy.api.access.restrict({ mrn: 'CHK-1', category: 'vip', reason: 'Public figure, requested confidentiality' }));
    const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
    for (const username of Object.keys(ONE_OF_EACH)) {
      const api = (await signedIn(clinic.core, username)).api;
      const viewer = code(await api.photos.open({ photoId: ids.first }));
      expect(viewer, username).not.toBe('ok');
      expect(code(await api.compare.detectChecker({ photoId: ids.first })), username).toBe(viewer);
    }
    expect(await scanForPlaintext(clinic.dir, ['Okonkwo', 'CHK-1'])).toEqual([]);
  }, 120_000);
});
