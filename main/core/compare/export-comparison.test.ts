// compare.export through the core's door, on real sealed photos: a side-by-side comparison becomes
// a new photo of the same patient (source 'derived', sealed, with its own thumbnail, in the
// gallery, linked to its sources, audited); a slider snapshot splits where asked; the stored
// alignment places the second photo; captions are in the user's language; the permission and a
// restricted patient are refused exactly as the viewer refuses them.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, ONE_OF_EACH, signedIn } from '../access/test-staff';
import { translator } from '../../../shared/i18n/intl';
import type { PhotoRow } from '../photos/photos';
import { importPhoto, initializedClinic, unwrap } from '../test-support/fixtures';
import { scanForPlaintext } from '../test-support/plaintext-scan';
import { comparisonCaptions } from './export-comparison';
import { photoPixels } from './test-support/photo-pixels';

const W = 1200;
const H = 800;
let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let ids: { first: string; second: string; elsewhere: string };

/** A noisy image dominated by one channel, so each pixel of the comparison tells which photo it came from. */
async function tinted(channel: 0 | 2, seed: number): Promise<Uint8Array> {
  const data = Buffer.alloc(W * H * 3);
  let x = seed;
  for (let i = 0; i < W * H; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    data[i * 3 + channel] = 180 + (x % 60);
    data[i * 3 + 1] = 40 + ((x >> 8) % 30);
    data[i * 3 + (2 - channel)] = 30 + ((x >> 16) % 20);
  }
  return sharp(data, { raw: { width: W, height: H, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
}

async function pixelsOf(photoId: string) {
  const { width, height, meanAround } = await photoPixels(clinic.client, photoId);
  const kind = (x: number, y: number): 'red' | 'blue' | 'background' => {
    const [r, , b] = meanAround(x, y);
    if (r > 150 && b < 90) return 'red';
    if (b > 150 && r < 90) return 'blue';
    return r < 40 && b < 40 ? 'background' : (`mixed ${r.toFixed(0)},${b.toFixed(0)}` as 'background');
  };
  return { width, height, kind };
}

beforeAll(async () => {
  clinic = await initializedClinic();
  const api = clinic.client.api;
  unwrap(await api.patients.register({ mrn: 'CMPX-1', familyName: 'Lindqvist', givenName: 'Maja', birthDate: '1961-04-02', sex: 'F' }));
  unwrap(await api.patients.register({ mrn: 'CMPX-2', familyName: 'Okafor', givenName: 'Ben', birthDate: '1975-09-30', sex: 'M' }));
  const device = 'test generator';
  ids = {
    first: await importPhoto(clinic.client, { mrn: 'CMPX-1', bytes: await tinted(0, 1), device }),
    second: await importPhoto(clinic.client, { mrn: 'CMPX-1', bytes: await tinted(2, 2), device }),
    elsewhere: await importPhoto(clinic.client, { mrn: 'CMPX-2', bytes: await tinted(2, 3), device }),
  };
}, 120_000);
afterAll(() => clinic?.dispose());

describe('compare.export', () => {
  it('stores a side-by-side comparison as a new, sealed photo of the patient, in the gallery and audited', async () => {
    const api = clinic.client.api;
    // Given in the later-first order: the earlier photo is still drawn first.
    const { photo, aligned } = unwrap(await api.compare.export({ photoIds: [ids.second, ids.first], mode: 'side-by-side', note: 'Referral to plastic surgery' }));
    expect(aligned).toBe(false);
    expect(photo).toMatchObject({ source: 'derived', device: 'comparison', mime: 'image/jpeg', patientId: expect.any(String) });
    expect(Math.max(photo.width, photo.height)).toBeLessThanOrEqual(4096);
    expect(photo.thumbnail.width).toBeGreaterThan(0);
    const patientId = unwrap(await api.patients.search({ query: 'CMPX-1' })).patients[0]!.id;
    expect(photo.patientId).toBe(patientId);
    expect(unwrap(await api.photos.list({ patientId })).map((p) => p.id)).toContain(photo.id);
    const px = await pixelsOf(photo.id);
    expect([px.width, px.height]).toEqual([photo.width, photo.height]);
    expect(px.width).toBe(2 * W);
    expect(px.kind(W / 2, H / 2)).toBe('red');
    expect(px.kind(W + W / 2, H / 2)).toBe('blue');
    expect(px.height).toBeGreaterThan(H); // the caption band
    const events = unwrap(await api.audit.search({ action: 'compare.export', pageSize: 50 }));
    expect(events.records.some((e) => e.outcome === 'success' && e.photoId === photo.id && e.detail.includes(`sources=${ids.first},${ids.second}`) && e.detail.includes('note=yes'))).toBe(true);
    expect(events.records.every((e) => !e.detail.includes('plastic'))).toBe(true);
    expect(await scanForPlaintext(clinic.dir, ['Lindqvist', 'CMPX-1', 'Referral to plastic surgery'])).toEqual([]);
  }, 120_000);

  it('splits a slider snapshot where asked, the earlier photo left of the split', async () => {
    const { photo } = unwrap(await clinic.client.api.compare.export({ photoIds: [ids.first, ids.second], mode: 'slider', sliderPosition: 0.25 }));
    const px = await pixelsOf(photo.id);
    expect(px.width).toBe(W);
    expect(px.kind(W * 0.2, H / 2)).toBe('red');
    expect(px.kind(W * 0.3, H / 2)).toBe('blue');
    expect(px.kind(W * 0.9, H / 2)).toBe('blue');
  }, 120_000);

  it('places the second photo by the stored alignment', async () => {
    const api = clinic.client.api;
    // The second photo's pixel (x, y) lies at (x + 300, y) of the first.
    const pairs = [[100, 100], [900, 150], [500, 700]].map(([x, y]) => ({ to: [x!, y!] as [number, number], from: [x! + 300, y!] as [number, number] }));
    unwrap(await api.compare.alignManual({ fromPhotoId: ids.first, toPhotoId: ids.second, pairs }));
    const { photo, aligned } = unwrap(await api.compare.export({ photoIds: [ids.first, ids.second], mode: 'side-by-side' }));
    expect(aligned).toBe(true);
    const px = await pixelsOf(photo.id);
    expect(px.kind(W + 150, H / 2)).toBe('background');
    expect(px.kind(W + 450, H / 2)).toBe('blue');
  }, 120_000);

  it("refuses the same photo twice, another patient's photo and a derived photo as a source", async () => {
    const api = clinic.client.api;
    const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
    expect(code(await api.compare.export({ photoIds: [ids.first, ids.first], mode: 'side-by-side' }))).toBe('VALIDATION_FAILED');
    expect(code(await api.compare.export({ photoIds: [ids.first, ids.elsewhere], mode: 'side-by-side' }))).toBe('VALIDATION_FAILED');
    expect(code(await api.compare.export({ photoIds: [ids.first, ids.second], mode: 'slider' }))).toBe('VALIDATION_FAILED');
    const derived = unwrap(await api.compare.export({ photoIds: [ids.first, ids.second], mode: 'side-by-side' })).photo;
    expect(code(await api.compare.export({ photoIds: [ids.first, derived.id], mode: 'side-by-side' }))).toBe('VALIDATION_FAILED');
  }, 120_000);
});

describe('captions', () => {
  const row = (over: Partial<PhotoRow>): PhotoRow =>
    ({ id: 'a', captured_at: '2026-03-01T10:00:00.000Z', acquired_at: null, body_site_code: '19394003', body_site_display: 'Skin of cheek', laterality: 'left', view: 'close-up', ...over }) as PhotoRow;
  it("are in the user's language, with the interval and the alignment said", () => {
    const first = row({});
    const second = row({ id: 'b', acquired_at: '2026-05-24T09:00:00.000Z', laterality: 'unpaired', view: null, body_site_code: null });
    const de = comparisonCaptions(first, second, false, translator('de'));
    expect(de[0].join('\n')).toMatch(/Ausgangsbefund/);
    expect(de[0][1]).toContain('Links');
    expect(de[1][0]).toMatch(/Abstand \+84 Tage/);
    expect(de[1][1]).toBe('Körperstelle nicht erfasst');
    expect(de[1][2]).toMatch(/Nicht ausgerichtet/);
    const en = comparisonCaptions(first, second, true, translator('en'));
    expect(en[0][1]).toBe('Skin of cheek · Left · Close-up');
    expect(en[1][2]).toBe('Aligned to the first photo');
  });
});

describe('a restricted patient', () => {
  it('is refused exactly as the viewer refuses it, for every role; a photographer may not export', async () => {
    await addStaff(clinic.dir, ONE_OF_EACH);
    const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
    const photographer = (await signedIn(clinic.core, 'photo')).api;
    expect(code(await photographer.compare.export({ photoIds: [ids.first, ids.second], mode: 'side-by-side' }))).toBe('PERMISSION_DENIED');
    const clinician = (await signedIn(clinic.core, 'clin')).api;
    expect(code(await clinician.compare.export({ photoIds: [ids.first, ids.second], mode: 'side-by-side' }))).toBe('ok');
    const privacy = await signedIn(clinic.core, 'privacy');
    unwrap(await privacy.api.access.restrict({ mrn: 'CMPX-1', category: 'vip', reason: 'Public figure, requested confidentiality' }));
    for (const username of Object.keys(ONE_OF_EACH)) {
      const api = (await signedIn(clinic.core, username)).api;
      const viewer = code(await api.photos.open({ photoId: ids.second }));
      expect(viewer, username).not.toBe('ok');
      const exported = code(await api.compare.export({ photoIds: [ids.first, ids.second], mode: 'side-by-side' }));
      expect(exported, username).toBe(['PERMISSION_DENIED', viewer].includes(exported) ? exported : viewer);
      if (exported === 'PERMISSION_DENIED') expect(['photo', 'desk', 'privacy'], username).toContain(username);
    }
  }, 120_000);
});
