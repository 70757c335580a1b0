// The S3 side of the archive: one client per bucket (SigV4, the payload's SHA-256 signed because
// every body is a Buffer, Content-MD5 on every write), the object operations the archive needs, and
// the capability probe. The SDK's default CRC32 checksums break several S3-compatible servers
// (Swift answers aws-chunked bodies with 501), so checksums are only sent when an operation
// requires them; integrity comes from Content-MD5 (checked by every S3 server) and our own SHA-256.
import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';

export interface BucketConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  /** Prepended to every key; '' or ending in '/'. */
  readonly prefix: string;
  readonly pathStyle: boolean;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface Bucket {
  readonly config: BucketConfig;
  readonly client: S3Client;
}

// The pinned SDK release supports Node 20; its start-up notice is about later releases and would
// land on every CLI run's stderr, which is the administrator's. Its own documented switch.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const md5Base64 = (body: Uint8Array): string => createHash('md5').update(body).digest('base64');
export const sha256Hex = (body: Uint8Array): string => createHash('sha256').update(body).digest('hex');

export function openBucket(config: BucketConfig): Bucket {
  const client = new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.pathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
  return { config, client };
}

export const keyOf = (bucket: Bucket, relative: string): string => `${bucket.config.prefix}${relative}`;

/** The server's reason for a failed request, one short line, without echoing our values. */
export function s3Reason(error: unknown): string {
  if (error instanceof S3ServiceException) return `${error.$metadata.httpStatusCode ?? '?'} ${error.name}`;
  const e = error as { code?: unknown; name?: unknown };
  return `network ${String(e?.code ?? e?.name ?? 'error')}`;
}

export const isNotFound = (error: unknown): boolean =>
  error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 404 || error.name === 'NotFound' || error.name === 'NoSuchKey');

/**
 * `md5` (base64) and `sha256` (hex) when the caller already has them: every hash pass over a
 * camera file costs. A given SHA-256 goes in `x-amz-content-sha256`, which SigV4 then signs
 * instead of hashing the body again; the server still checks the body against it.
 */
export async function putObject(bucket: Bucket, key: string, body: Buffer, lock?: { until: Date }, md5?: string, sha256?: string): Promise<string> {
  const command = new PutObjectCommand({
      Bucket: bucket.config.bucket,
      Key: keyOf(bucket, key),
      Body: body,
      ContentMD5: md5 ?? md5Base64(body),
      ContentType: 'application/octet-stream',
      ...(lock ? { ObjectLockMode: 'COMPLIANCE' as const, ObjectLockRetainUntilDate: lock.until } : {}),
  });
  if (sha256) {
    command.middlewareStack.add(
      (next) => async (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-amz-content-sha256'] = sha256;
        return next(args);
      },
      { step: 'build', name: 'archivePayloadHash' },
    );
  }
  const reply = await bucket.client.send(command);
  return reply.ETag ?? '';
}

export async function headObject(bucket: Bucket, key: string): Promise<{ size: number; etag: string } | null> {
  try {
    const h = await bucket.client.send(new HeadObjectCommand({ Bucket: bucket.config.bucket, Key: keyOf(bucket, key) }));
    return { size: h.ContentLength ?? -1, etag: h.ETag ?? '' };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

export async function getObject(bucket: Bucket, key: string, range?: { start: number; end: number }): Promise<Buffer> {
  const reply = await bucket.client.send(
    new GetObjectCommand({ Bucket: bucket.config.bucket, Key: keyOf(bucket, key), ...(range ? { Range: `bytes=${range.start}-${range.end - 1}` } : {}) }),
  );
  return Buffer.from(await reply.Body!.transformToByteArray());
}

export async function deleteObject(bucket: Bucket, key: string): Promise<void> {
  await bucket.client.send(new DeleteObjectCommand({ Bucket: bucket.config.bucket, Key: keyOf(bucket, key) }));
}

/** Every key under `relative` (relative to the prefix), with its size. */
export async function listObjects(bucket: Bucket, relative: string): Promise<Array<{ key: string; size: number }>> {
  const out: Array<{ key: string; size: number }> = [];
  let token: string | undefined;
  do {
    const page = await bucket.client.send(
      new ListObjectsV2Command({ Bucket: bucket.config.bucket, Prefix: keyOf(bucket, relative), ...(token ? { ContinuationToken: token } : {}) }),
    );
    for (const o of page.Contents ?? []) out.push({ key: (o.Key ?? '').slice(bucket.config.prefix.length), size: o.Size ?? 0 });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}

export const createMultipart = async (bucket: Bucket, key: string): Promise<string> =>
  (await bucket.client.send(new CreateMultipartUploadCommand({ Bucket: bucket.config.bucket, Key: keyOf(bucket, key), ContentType: 'application/octet-stream' }))).UploadId!;

export async function uploadPart(bucket: Bucket, key: string, uploadId: string, partNumber: number, body: Buffer): Promise<string> {
  const reply = await bucket.client.send(
    new UploadPartCommand({ Bucket: bucket.config.bucket, Key: keyOf(bucket, key), UploadId: uploadId, PartNumber: partNumber, Body: body, ContentMD5: md5Base64(body) }),
  );
  return reply.ETag ?? '';
}

export async function completeMultipart(bucket: Bucket, key: string, uploadId: string, parts: ReadonlyArray<{ PartNumber: number; ETag: string }>): Promise<string> {
  const reply = await bucket.client.send(
    new CompleteMultipartUploadCommand({ Bucket: bucket.config.bucket, Key: keyOf(bucket, key), UploadId: uploadId, MultipartUpload: { Parts: [...parts] } }),
  );
  return reply.ETag ?? '';
}

export async function abortMultipart(bucket: Bucket, key: string, uploadId: string): Promise<void> {
  await bucket.client.send(new AbortMultipartUploadCommand({ Bucket: bucket.config.bucket, Key: keyOf(bucket, key), UploadId: uploadId })).catch(() => undefined);
}

export interface ProbeResult {
  readonly credentials: boolean;
  readonly bucket: boolean;
  readonly write: boolean;
  readonly versioning: 'enabled' | 'suspended' | 'off' | 'unknown';
  readonly objectLock: boolean;
  /** One line per finding, for the administrator. */
  readonly messages: string[];
}

/**
 * What the endpoint can do, checked the way the archive will use it: the bucket answers a signed
 * HEAD (credentials and bucket), a small object can be written, read and deleted, versioning's
 * state, and whether Object Lock is really enabled. Object Lock is read, never written: Swift
 * accepts PutObjectRetention and replaces the object's body with the request's XML.
 */
export async function probeBucket(bucket: Bucket, probeKey: string): Promise<ProbeResult> {
  const messages: string[] = [];
  try {
    await bucket.client.send(new HeadBucketCommand({ Bucket: bucket.config.bucket }));
  } catch (error) {
    const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
    if (status === 403) return { credentials: false, bucket: false, write: false, versioning: 'unknown', objectLock: false, messages: [`Credentials refused (${s3Reason(error)}).`] };
    if (status === 404) return { credentials: true, bucket: false, write: false, versioning: 'unknown', objectLock: false, messages: ['The bucket does not exist.'] };
    return { credentials: false, bucket: false, write: false, versioning: 'unknown', objectLock: false, messages: [`The endpoint did not answer (${s3Reason(error)}).`] };
  }
  messages.push('Credentials valid; bucket reachable.');
  let write = false;
  try {
    const body = Buffer.from(`probe ${Date.now()}`);
    await putObject(bucket, probeKey, body);
    write = (await getObject(bucket, probeKey)).equals(body);
    await deleteObject(bucket, probeKey);
    messages.push(write ? 'Write, read back and delete work.' : 'A written object read back different.');
  } catch (error) {
    messages.push(`Writing a test object failed (${s3Reason(error)}).`);
  }
  let versioning: ProbeResult['versioning'] = 'unknown';
  try {
    const v = await bucket.client.send(new GetBucketVersioningCommand({ Bucket: bucket.config.bucket }));
    versioning = v.Status === 'Enabled' ? 'enabled' : v.Status === 'Suspended' ? 'suspended' : 'off';
  } catch {
    /* some servers do not implement it: unknown */
  }
  messages.push(`Versioning: ${versioning}.`);
  // Swift answers {} without an error: only an explicit "Enabled" counts.
  const objectLock = await bucket.client
    .send(new GetObjectLockConfigurationCommand({ Bucket: bucket.config.bucket }))
    .then((l) => l.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled')
    .catch(() => false);
  messages.push(objectLock ? 'Object Lock: enabled on this bucket.' : 'Object Lock: not available on this bucket.');
  return { credentials: true, bucket: true, write, versioning, objectLock, messages };
}
