// A clinic for gallery tests: a real core with a signed-in administrator, one patient with photos
// across three visits and outside any visit, two body sites on both sides, several views, quality
// flags, imports and ties on the capture time, and a second patient with a few photos. The photos
// are sealed and recorded by the bulk seeder through a second connection to the same workspace.
import type { CaptureContext, Patient } from '../../../../shared/domain';
import type { Laterality, View } from '../../../../shared/value-sets/views';
import { ADMIN, initializedClinic, unwrap } from '../../test-support/fixtures';
import { silentLogger } from '../../support/log';
import { unlockWithPassword } from '../../vault/vault';
import { openWorkspace } from '../../workspace';
import { seedImages, seedPhotos, type BulkPhoto } from './bulk-photos';

export const SITES = [
  { code: '368208006', display: 'Left upper arm structure' },
  { code: '8205005', display: 'Wrist region structure' },
] as const;
const SIDES: readonly Laterality[] = ['left', 'right'];
const VIEWS: readonly View[] = ['anterior', 'posterior', 'close-up'];

export interface SeededPhoto extends BulkPhoto {
  readonly id: string;
}

export async function galleryClinic(count: number) {
  const c = await initializedClinic();
  const api = c.client.api;
  const patient = unwrap<Patient>(await api.patients.register({ mrn: 'GAL-1', familyName: 'Marsh', givenName: 'Ingrid', birthDate: '1961-04-12', sex: 'F' }));
  const other = unwrap<Patient>(await api.patients.register({ mrn: 'GAL-2', familyName: 'Okafor', givenName: 'Ben', birthDate: '1970-02-02', sex: 'M' }));
  const visits = [];
  for (const reason of ['Mole check', 'Follow-up', 'Excision review']) visits.push(unwrap<{ id: string; startedAt: string; reason: string }>(await api.encounters.start({ patientId: patient.id, reason })));
  const userId = unwrap<{ user: { id: string } } | null>(await api.session.current({}))!.user.id;

  const base = Date.parse('2024-01-01T09:00:00.000Z');
  const planned: BulkPhoto[] = [];
  for (let i = 0; i < count; i++) {
    const context: CaptureContext | null = i % 10 === 9 ? null : { bodySite: SITES[i % 2]!, laterality: SIDES[Math.floor(i / 2) % 2]!, view: VIEWS[i % 3]! };
    planned.push({
      patientId: patient.id,
      encounterId: i % 8 === 7 ? null : visits[i % 3]!.id,
      // Every fourth photo shares its time with the one before: the id breaks the tie.
      capturedAt: new Date(base + Math.floor((i * 3) / 4) * 3_600_000),
      context,
      qualityFailed: i % 6 === 0 ? ['blur'] : [],
      source: i % 5 === 4 ? 'import' : 'camera',
    });
  }
  for (let i = 0; i < 5; i++) planned.push({ patientId: other.id, encounterId: null, capturedAt: new Date(base + i * 60_000), context: null });

  const ws = await openWorkspace(c.dir, await unlockWithPassword(c.dir, ADMIN.username, ADMIN.password), silentLogger);
  let ids: string[];
  try {
    ids = await seedPhotos(ws.db, ws.blobs, userId, planned, await seedImages(3, 64, 48));
  } finally {
    ws.close();
  }
  const photos: SeededPhoto[] = planned.map((p, i) => ({ ...p, id: ids[i]! }));
  return { ...c, patient, other, visits, userId, photos: photos.filter((p) => p.patientId === patient.id), otherPhotos: photos.filter((p) => p.patientId === other.id) };
}

/** Newest first, ties by id descending: the gallery's order. */
export const newestFirst = (a: SeededPhoto, b: SeededPhoto): number => b.capturedAt.getTime() - a.capturedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
