// Shared by the archive tests: one real Swift+s3api peer per test file, a fresh versioned bucket
// per test (so "exactly once" can be counted in object versions), a clinic whose recovery code the
// test keeps, and the bucket's contents copied to a directory for the plaintext scan.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CreateBucketCommand, ListObjectVersionsCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll } from 'vitest';
import type { ArchiveInput } from '../../../shared/channels/archive';
import type { Patient } from '../../../shared/domain';
import { ADMIN, tempDir, testCore, unwrap } from '../test-support/fixtures';
import { startSwift, type SwiftPeer } from '../test-support/peers';
import { getObject, listObjects, openBucket, type Bucket } from './s3';

export function swiftForFile(): () => SwiftPeer {
  let peer: SwiftPeer | undefined;
  beforeAll(async () => {
    peer = await startSwift();
  }, 90_000);
  afterAll(async () => {
    await peer?.stop();
  }, 30_000);
  return () => {
    if (!peer) throw new Error('Swift did not start');
    return peer;
  };
}

export const rawClient = (p: SwiftPeer, secret = p.secretAccessKey): S3Client =>
  new S3Client({
    endpoint: p.endpoint,
    region: p.region,
    forcePathStyle: true,
    credentials: { accessKeyId: p.accessKeyId, secretAccessKey: secret },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

/** A new bucket with versioning on: a second write of a key would show as a second version. */
export async function freshBucket(p: SwiftPeer): Promise<string> {
  const name = `clinic-${randomBytes(5).toString('hex')}`;
  const client = rawClient(p);
  await client.send(new CreateBucketCommand({ Bucket: name }));
  await client.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }));
  return name;
}

export const archiveInput = (p: SwiftPeer, bucket: string, over: Partial<ArchiveInput> = {}): ArchiveInput => ({
  endpoint: p.endpoint,
  region: p.region,
  bucket,
  prefix: 'ws1',
  pathStyle: true,
  accessKeyId: p.accessKeyId,
  secretAccessKey: p.secretAccessKey,
  ...over,
});

export const bucketOf = (p: SwiftPeer, bucket: string, prefix = 'ws1/'): Bucket =>
  openBucket({ endpoint: p.endpoint, region: p.region, bucket, prefix, pathStyle: true, accessKeyId: p.accessKeyId, secretAccessKey: p.secretAccessKey });

export const PATIENT = { mrn: 'ARCH-0001', familyName: 'Þórhallsdóttir', givenName: 'Zoë', birthDate: '1971-03-04', sex: 'F' as const };
export const PATIENT_PHI = [PATIENT.mrn, PATIENT.familyName, PATIENT.givenName, '1971-03-04'];
/** The bucket must not name the clinic either (its data directory's vault.json does, as a label). */
export const BUCKET_PHI = [...PATIENT_PHI, 'Harbour Dermatology'];

/** A set-up clinic with a signed-in administrator, its recovery code and one registered patient. */
export async function archiveClinic() {
  const { dir, cleanup } = await tempDir('cpw-archive-');
  const dataDir = path.join(dir, 'data');
  const core = testCore(dataDir);
  const client = core.connect({ local: true });
  const { recoveryCode } = unwrap<{ recoveryCode: string }>(await client.api.setup.initialize({ clinicName: 'Harbour Dermatology', admin: ADMIN }));
  const patient = unwrap<Patient>(await client.api.patients.register(PATIENT));
  return { root: dir, dataDir, core, client, recoveryCode, patient, cleanup };
}

/** Every object version per key (all of them, across the whole bucket). */
export async function versionsPerKey(p: SwiftPeer, bucket: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let keyMarker: string | undefined;
  let versionMarker: string | undefined;
  for (;;) {
    const page = await rawClient(p).send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionMarker }));
    for (const v of page.Versions ?? []) counts.set(v.Key!, (counts.get(v.Key!) ?? 0) + 1);
    if (!page.IsTruncated) return counts;
    keyMarker = page.NextKeyMarker;
    versionMarker = page.NextVersionIdMarker;
  }
}

/** Copies every object under the prefix into `dir` (flattened names), for the plaintext scan. */
export async function downloadBucket(bucket: Bucket, dir: string): Promise<number> {
  await mkdir(dir, { recursive: true });
  const objects = await listObjects(bucket, '');
  for (const o of objects) await writeFile(path.join(dir, o.key.replace(/\//g, '__')), await getObject(bucket, o.key));
  return objects.length;
}
