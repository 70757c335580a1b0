// What every write the archive sends carries, seen by a loopback server that records requests:
// Content-MD5 of the body and a SigV4 signature over the body's real SHA-256 (never
// UNSIGNED-PAYLOAD or aws-chunked streaming), and no CRC32 checksum headers that S3-compatible
// servers reject. (Swift then checks both: archive.test.ts.)
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeMultipart, createMultipart, openBucket, putObject, uploadPart } from './s3';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}
const seen: Seen[] = [];
let server: http.Server;
let endpoint: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.setHeader('ETag', `"${createHash('md5').update(body).digest('hex')}"`);
      if (req.method === 'POST' && req.url?.includes('uploads')) {
        res.setHeader('Content-Type', 'application/xml');
        res.end('<?xml version="1.0"?><InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>up-1</UploadId></InitiateMultipartUploadResult>');
      } else if (req.method === 'POST') {
        res.setHeader('Content-Type', 'application/xml');
        res.end('<?xml version="1.0"?><CompleteMultipartUploadResult><ETag>"x-2"</ETag></CompleteMultipartUploadResult>');
      } else res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('archive requests', () => {
  it('carry Content-MD5 and a signature over the payload SHA-256 on every write', async () => {
    const bucket = openBucket({ endpoint, region: 'us-east-1', bucket: 'bkt', prefix: 'p/', pathStyle: true, accessKeyId: 'id', secretAccessKey: 'secret' });
    const body = Buffer.from('sealed bytes '.repeat(1000));
    await putObject(bucket, 'blobs/a.cpb', body);
    // A precomputed hash is what gets signed (and sent, for the server to check against the body).
    await putObject(bucket, 'blobs/c.cpb', body, undefined, createHash('md5').update(body).digest('base64'), createHash('sha256').update(body).digest('hex'));
    const uploadId = await createMultipart(bucket, 'blobs/b.cpb');
    await uploadPart(bucket, 'blobs/b.cpb', uploadId, 1, body.subarray(0, 5000));
    await uploadPart(bucket, 'blobs/b.cpb', uploadId, 2, body.subarray(5000));
    await completeMultipart(bucket, 'blobs/b.cpb', uploadId, [{ PartNumber: 1, ETag: '"a"' }, { PartNumber: 2, ETag: '"b"' }]);

    const writes = seen.filter((s) => s.method === 'PUT');
    expect(writes).toHaveLength(4);
    for (const w of [...seen]) {
      expect(w.url.startsWith('/bkt/p/blobs/')).toBe(true);
      expect(w.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(w.body).digest('hex'));
      expect(String(w.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=id\/\d{8}\/us-east-1\/s3\/aws4_request, SignedHeaders=[^,]*x-amz-content-sha256/);
      expect(Object.keys(w.headers).filter((h) => h.startsWith('x-amz-checksum') || h === 'x-amz-sdk-checksum-algorithm' || h === 'content-encoding')).toEqual([]);
    }
    for (const w of writes) {
      expect(w.headers['content-md5']).toBe(createHash('md5').update(w.body).digest('base64'));
      expect(String(w.headers.authorization)).toContain('content-md5');
    }
  });
});
