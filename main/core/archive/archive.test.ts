// The off-site archive against a real S3 server that checks signatures (Swift + s3api): a
// workstation is archived, its data directory deleted, and restored into a fresh directory with the
// recovery code: same photos byte for byte, staff passwords work, the audit chain verifies and
// records the restore. The bucket holds only ciphertext; a wrong secret and WORM on a server
// without Object Lock are refused; a tampered or partial bucket is reported object by object and
// leaves nothing behind.
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import type { ArchiveSettings, ArchiveStatus } from '../../../shared/channels/archive';
import { listFiles, scanForPlaintext } from '../test-support/plaintext-scan';
import { ADMIN, exportPhoto, importPhoto, testCore, unwrap } from '../test-support/fixtures';
import { testJpeg } from '../sync/test-helpers';
import { listObjects } from './s3';
import { BUCKET_PHI, PATIENT, PATIENT_PHI, archiveClinic, archiveInput, bucketOf, downloadBucket, freshBucket, rawClient, swiftForFile, versionsPerKey } from './test-helpers';

const swift = swiftForFile();

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function sealedFiles(dataDir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of await listFiles(path.join(dataDir, 'blobs'))) out.set(path.basename(f), sha(await readFile(f)));
  return out;
}

describe('off-site archive on Swift + s3api', () => {
  it('archives a workstation and restores it, byte for byte, into a fresh directory', { timeout: 120_000 }, async () => {
    const p = swift();
    const bucket = await freshBucket(p);
    const c = await archiveClinic();
    try {
      const jpegs = await Promise.all([1, 2, 3].map((i) => testJpeg(i, { width: 1600, height: 1200 })));
      const photoIds: string[] = [];
      for (const bytes of jpegs) photoIds.push(await importPhoto(c.client, { mrn: PATIENT.mrn, bytes, device: 'test' }));

      // WORM is refused where the probe finds no Object Lock, before anything is saved.
      const worm = await c.client.api.archive.configure({ archive: archiveInput(p, bucket, { worm: true }) });
      expect(worm.ok).toBe(false);
      if (!worm.ok) expect(worm.error.code).toBe('VALIDATION_FAILED');
      expect(unwrap(await c.client.api.archive.settings({}))).toBeNull();

      const settings = unwrap<ArchiveSettings>(await c.client.api.archive.configure({ archive: archiveInput(p, bucket) }));
      expect(settings).toMatchObject({ bucket, prefix: 'ws1/', secretSet: true, worm: false });
      expect(settings.probe).toMatchObject({ credentials: true, bucket: true, write: true, versioning: 'enabled', objectLock: false });
      expect(JSON.stringify(settings)).not.toContain(p.secretAccessKey);

      // A photo committed after configuration is queued by its own transaction.
      jpegs.push(await testJpeg(4, { width: 1600, height: 1200 }));
      photoIds.push(await importPhoto(c.client, { mrn: PATIENT.mrn, bytes: jpegs[3]!, device: 'test' }));
      const before = unwrap<ArchiveStatus>(await c.client.api.archive.status({}));
      expect(before.pending).toBe(8);

      const run = unwrap<{ snapshotId: string; objects: number }>(await c.client.api.archive.run({}));
      expect(run.objects).toBe(8 + 3);
      const after = unwrap<ArchiveStatus>(await c.client.api.archive.status({}));
      expect(after).toMatchObject({ pending: 0, failed: 0, verified: 8, snapshots: 1 });

      // Only ciphertext in the bucket, and object keys name nothing about the patient.
      const b = bucketOf(p, bucket);
      const keys = (await listObjects(b, '')).map((o) => o.key);
      expect(keys).toHaveLength(11);
      for (const k of keys) expect(k).toMatch(/^(blobs\/[0-9a-f]{32}\.cpb|snapshots\/\d{8}T\d{6}Z-[0-9a-f]{8}\/(database\.cpb|vault\.json|manifest\.json))$/);
      const copy = path.join(c.root, 'bucket-copy');
      await downloadBucket(b, copy);
      expect(await scanForPlaintext(copy, BUCKET_PHI)).toEqual([]);
      for (const v of (await versionsPerKey(p, bucket)).values()) expect(v).toBe(1);

      const originals = await sealedFiles(c.dataDir);
      await c.core.close();
      await rm(c.dataDir, { recursive: true, force: true });

      const restoredDir = path.join(c.root, 'restored');
      const fresh = testCore(restoredDir);
      const freshClient = fresh.connect({ local: true });
      const wrong = await freshClient.api.archive.restore({ ...archiveInput(p, bucket), secretAccessKey: p.secretAccessKey, recoveryCode: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-H' });
      expect(wrong.ok).toBe(false);
      await expect(stat(restoredDir)).rejects.toThrow();
      const restored = unwrap<{ photos: number; objects: number }>(
        await freshClient.api.archive.restore({ ...archiveInput(p, bucket), secretAccessKey: p.secretAccessKey, recoveryCode: c.recoveryCode }),
      );
      expect(restored).toMatchObject({ photos: 4, objects: 11 });
      expect(await sealedFiles(restoredDir)).toEqual(originals);
      expect((await readdir(c.root)).filter((n) => n.includes('.restore-'))).toEqual([]);

      // The original staff password signs in; photos decrypt byte for byte; the audit chain verifies.
      expect(unwrap(await freshClient.api.setup.status({}))).toEqual({ initialized: true, clinicName: 'Harbour Dermatology', locale: null });
      unwrap(await freshClient.api.session.signIn({ username: ADMIN.username, password: ADMIN.password }));
      for (const [i, photoId] of photoIds.entries()) {
        const dicom = await exportPhoto(freshClient, { photoId, format: 'dicom' });
        expect(dicom.bytes.includes(jpegs[i]!)).toBe(true);
      }
      const verify = unwrap<{ ok: boolean; records: number }>(await freshClient.api.audit.verify({}));
      expect(verify.ok).toBe(true);
      const log = unwrap<{ records: Array<{ action: string }> }>(await freshClient.api.audit.search({ action: 'archive.restore' }));
      expect(log.records.some((r) => r.action === 'archive.restore')).toBe(true);
      expect(await scanForPlaintext(restoredDir, PATIENT_PHI)).toEqual([]);
      await fresh.close();
    } finally {
      await c.core.close();
      await c.cleanup();
    }
  });

  it('refuses a wrong secret at configuration, with the server’s reason', { timeout: 60_000 }, async () => {
    const p = swift();
    const bucket = await freshBucket(p);
    const c = await archiveClinic();
    try {
      const r = await c.client.api.archive.configure({ archive: archiveInput(p, bucket, { secretAccessKey: 'not-the-secret' }) });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('ARCHIVE_FAILED');
        expect(r.error.message).toContain('403');
        expect(r.error.message).not.toContain('not-the-secret');
      }
      expect(unwrap(await c.client.api.archive.settings({}))).toBeNull();
    } finally {
      await c.core.close();
      await c.cleanup();
    }
  });

  it('uploads everything again when the archive moves to another bucket', { timeout: 60_000 }, async () => {
    const p = swift();
    const [first, second] = [await freshBucket(p), await freshBucket(p)];
    const c = await archiveClinic();
    try {
      await importPhoto(c.client, { mrn: PATIENT.mrn, bytes: await testJpeg(31), device: 'test' });
      unwrap(await c.client.api.archive.configure({ archive: archiveInput(p, first) }));
      unwrap(await c.client.api.archive.run({}));
      unwrap(await c.client.api.archive.configure({ archive: archiveInput(p, second) }));
      expect(unwrap<ArchiveStatus>(await c.client.api.archive.status({}))).toMatchObject({ pending: 2, verified: 0 });
      unwrap(await c.client.api.archive.run({}));
      expect((await listObjects(bucketOf(p, second), 'blobs/')).length).toBe(2);
    } finally {
      await c.core.close();
      await c.cleanup();
    }
  });

  it('reports a tampered and a missing object one by one and leaves nothing half-restored', { timeout: 120_000 }, async () => {
    const p = swift();
    const bucket = await freshBucket(p);
    const c = await archiveClinic();
    try {
      await importPhoto(c.client, { mrn: PATIENT.mrn, bytes: await testJpeg(21), device: 'test' });
      await importPhoto(c.client, { mrn: PATIENT.mrn, bytes: await testJpeg(22), device: 'test' });
      unwrap(await c.client.api.archive.configure({ archive: archiveInput(p, bucket) }));
      unwrap(await c.client.api.archive.run({}));
      const blobs = (await listObjects(bucketOf(p, bucket), 'blobs/')).map((o) => o.key);
      expect(blobs).toHaveLength(4);
      const client = rawClient(p);
      const original = await (await import('./s3')).getObject(bucketOf(p, bucket), blobs[0]!);
      original.writeUInt8(original.readUInt8(100) ^ 0x01, 100);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: `ws1/${blobs[0]}`, Body: original }));
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: `ws1/${blobs[1]}` }));

      const target = path.join(c.root, 'restored');
      const fresh = testCore(target);
      const r = await fresh.connect({ local: true }).api.archive.restore({ ...archiveInput(p, bucket), secretAccessKey: p.secretAccessKey, recoveryCode: c.recoveryCode });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('ARCHIVE_FAILED');
        expect(r.error.message).toContain(`${blobs[0]}: content differs from the manifest`);
        expect(r.error.message).toContain(`${blobs[1]}: missing`);
      }
      await expect(stat(target)).rejects.toThrow();
      expect((await readdir(c.root)).filter((n) => n.includes('.restore-'))).toEqual([]);
      await fresh.close();
    } finally {
      await c.core.close();
      await c.cleanup();
    }
  });
});
