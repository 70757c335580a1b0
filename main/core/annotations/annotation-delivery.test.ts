// Presentation states delivered to a DICOMweb target after their photo: the outbox holds a row back
// until the photo has reached that target, and end to end against a real Orthanc (behind nginx TLS)
// the saved version arrives by STOW-RS, reads back identical by WADO-RS (verified), and what
// Orthanc returns is a Color Softcopy Presentation State that dciodvfy accepts without errors.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Photo } from '../../../shared/domain';
import { renderClinicalScene } from '../capture/simulated-camera';
import { dciodvfy, dcmdump, dumpValue } from '../interop/dicom/dicom-tools';
import { readBackInstance } from '../sync/dicomweb';
import { TargetClient } from '../sync/http';
import { addTarget, deliveryClinic, orthancForFile, outboxDatabase, pacsTarget, waitForDeliveries } from '../sync/test-helpers';
import { importPhoto, unwrap } from '../test-support/fixtures';
import { nextDueAnnotationDelivery, queueAnnotationDelivery } from './annotation-outbox';
import { COLOR_SOFTCOPY_PRESENTATION_STATE } from './csps';

const pacs = orthancForFile();

describe('presentation-state outbox', () => {
  it('holds a presentation state back until its photo has reached the same target', () => {
    const { db, addPhoto } = outboxDatabase();
    addPhoto('ph1', new Date('2026-01-01T00:00:00Z'));
    db.exec(`INSERT INTO delivery_targets (id, name, kind, base_url, auth_kind, created_at, updated_at) VALUES ('t1', 'PACS', 'dicomweb', 'https://pacs.example/dicom-web', 'none', 'n', 'n'),
      ('t2', 'EMR', 'fhir', 'https://emr.example/fhir', 'none', 'n', 'n')`);
    db.exec(`INSERT INTO deliveries (id, photo_id, target_id, kind, state, next_attempt_at, created_at, updated_at) VALUES ('d1', 'ph1', 't1', 'dicom', 'queued', 'n', 'n', 'n')`);
    const at = new Date('2026-01-02T00:00:00Z');
    // Only the DICOMweb target gets one.
    expect(queueAnnotationDelivery(db, 'ph1', 1, at)).toBe(1);
    expect(nextDueAnnotationDelivery(db, at)).toBeNull();
    db.exec(`UPDATE deliveries SET state = 'delivered' WHERE id = 'd1'`);
    expect(nextDueAnnotationDelivery(db, at)).toMatchObject({ photo_id: 'ph1', target_id: 't1', version: 1, state: 'queued' });
    // A newer version replaces the queued one rather than adding a row.
    queueAnnotationDelivery(db, 'ph1', 2, at);
    expect(db.prepare('SELECT count(*) AS n, max(version) AS v FROM annotation_deliveries').get()).toEqual({ n: 1, v: 2 });
  });
});

describe('presentation state to Orthanc', () => {
  it('arrives after the photo, reads back identical, and is a valid CSPS in the PACS', async () => {
    const c = await deliveryClinic();
    const work = await mkdtemp(path.join(os.tmpdir(), 'cpw-csps-pacs-'));
    try {
      const target = await addTarget(c.client, pacsTarget(pacs()));
      const photoId = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: await renderClinicalScene(1200, 800, 3, 4242), device: 'test' });
      const { calibration } = unwrap(await c.client.api.annotations.detectRuler({ photoId }));
      expect(calibration?.pxPerMm).toBeCloseTo(6, 1);
      unwrap(
        await c.client.api.annotations.save({
          photoId,
          baseVersion: null,
          document: { calibration, layers: [{ id: 'm', name: 'Measurements', shapes: [{ id: 'r1', kind: 'ruler', from: { x: 500, y: 400 }, to: { x: 537.2, y: 400 } }] }] },
          reason: 'Baseline',
        }),
      );
      await waitForDeliveries(c.client, [photoId], (d) => d.state === 'verified');
      const until = Date.now() + 20_000;
      let deliveries = unwrap(await c.client.api.annotations.get({ photoId })).deliveries;
      while (deliveries[0]?.state !== 'verified' && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 100));
        deliveries = unwrap(await c.client.api.annotations.get({ photoId })).deliveries;
      }
      expect(deliveries).toEqual([{ targetId: target.id, version: 1, state: 'verified', lastError: null }]);

      // Ask the PACS for it as any viewer would: QIDO-RS for presentation states, then WADO-RS.
      const client = new TargetClient({ id: target.id, name: 'PACS', kind: 'dicomweb', baseUrl: pacs().dicomwebUrl, authKind: 'basic', username: pacs().username, secret: pacs().password, pinnedCaPem: pacs().caPem, enabled: true, purpose: 'clinical' });
      try {
        const found = await client.request('GET', `instances?SOPClassUID=${COLOR_SOFTCOPY_PRESENTATION_STATE}`, { accept: 'application/dicom+json' });
        const [hit] = JSON.parse(found.body.toString('utf8')) as Array<Record<string, { Value?: string[] }>>;
        const uids = { studyInstanceUid: hit!['0020000D']!.Value![0]!, seriesInstanceUid: hit!['0020000E']!.Value![0]!, sopInstanceUid: hit!['00080018']!.Value![0]! };
        const file = path.join(work, 'ps.dcm');
        await writeFile(file, await readBackInstance(client, uids));
        expect(dciodvfy(file).errors).toEqual([]);
        const dump = dcmdump(file);
        expect(dumpValue(dump, '0008,0060')).toBe('PR');
        // It references the photo that Orthanc also holds, in the same study.
        const photos = unwrap<Photo[]>(await c.client.api.photos.list({ patientId: c.patient.id }));
        expect(photos).toHaveLength(1);
        expect(await pacs().listSopInstanceUids()).toEqual(expect.arrayContaining([uids.sopInstanceUid]));
        expect(dump).toMatch(/6\.2\d? ± 0\.2\d? mm \(ruler\)/);
      } finally {
        client.close();
      }
    } finally {
      await c.dispose();
      await rm(work, { recursive: true, force: true });
    }
  }, 90_000);
});
