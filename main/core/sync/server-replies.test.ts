// How delivery treats servers that misbehave, with a small DICOMweb impostor on loopback (plain
// http is allowed there, and only there): a malformed reply and a FailedSOPSequence with values
// fail at once with the reason; a 500 is retried and then fails; plain http to another host is
// refused when the target is created; a server whose copy differs from what was sent (one byte
// anywhere in the file, or a file cut short) never gets the delivery verified.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unwrap, importPhoto } from '../test-support/fixtures';
import dcmjs from 'dcmjs';
import sharp from 'sharp';
import { multipartParts, stowBody } from '../test-support/peers';
import { FAST_SYNC, addTarget, deliveryClinic, testJpeg, waitForDeliveries } from './test-helpers';

let server: http.Server;
let reply: (res: http.ServerResponse, req: http.IncomingMessage, body: Buffer) => void;
let requests: string[];
let baseUrl: string;

beforeEach(async () => {
  requests = [];
  server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => reply(res, req, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dicom-web`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function deliverOnce(
  until: (d: { state: string }) => boolean = (d) => d.state === 'failed',
  image?: Buffer,
): Promise<{ state: string; lastError: string | null; attempts: number }> {
  const c = await deliveryClinic();
  try {
    await addTarget(c.client, { name: 'Impostor', kind: 'dicomweb', baseUrl, authKind: 'bearer', secret: 'token-1' });
    const photoId = await importPhoto(c.client, { mrn: 'SYNC-1', bytes: image ?? (await testJpeg(7)), device: 'test' });
    const [row] = await waitForDeliveries(c.client, [photoId], until);
    return row!;
  } finally {
    await c.dispose();
  }
}

describe('server replies', () => {
  it('fails a malformed STOW-RS reply at once, with a named reason', async () => {
    reply = (res) => res.writeHead(200, { 'content-type': 'application/dicom+json' }).end('<html>oops</html>');
    const row = await deliverOnce();
    expect(row).toMatchObject({ attempts: 1 });
    expect(row.lastError).toBe("STOW-RS: the server's reply was not DICOM JSON (HTTP 200).");
    expect(requests).toEqual(['POST /dicom-web/studies']);
  });

  it('fails when FailedSOPSequence has values, even with HTTP 200', async () => {
    reply = (res) =>
      res.writeHead(200, { 'content-type': 'application/dicom+json' }).end(JSON.stringify({ '00081198': { vr: 'SQ', Value: [{ '00081197': { vr: 'US', Value: [0xa700] } }] } }));
    const row = await deliverOnce();
    expect(row.lastError).toMatch(/refused the instance \(failure reason 42752\)/);
  });

  it('retries a 500 with backoff, then fails with what the server said', async () => {
    reply = (res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal error: storage full');
    const row = await deliverOnce();
    expect(row.attempts).toBe(FAST_SYNC.retry!.maxAttempts);
    expect(row.lastError).toBe('STOW-RS: HTTP 500 — Internal error: storage full');
    expect(requests).toHaveLength(FAST_SYNC.retry!.maxAttempts);
  });

  /** A DICOMweb server that stores what STOW-RS sends and serves `alter(file)` to WADO-RS. */
  function keeper(alter: (file: Buffer) => Buffer) {
    let held: Buffer | null = null;
    reply = (res, req, body) => {
      if (req.method === 'POST') {
        const [file] = multipartParts(body, req.headers['content-type']);
        held = file!;
        const sop = dcmjs.data.DicomMessage.readFile(held.buffer.slice(held.byteOffset, held.byteOffset + held.length) as ArrayBuffer).dict['00080018']!.Value[0];
        res.writeHead(200, { 'content-type': 'application/dicom+json' }).end(JSON.stringify({ '00081199': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: [sop] } }] } }));
        return;
      }
      const { body: wado, contentType } = stowBody([alter(held!)]);
      res.writeHead(200, { 'content-type': contentType }).end(wado);
    };
  }

  it('verifies a copy that is byte for byte what was sent, from a JPEG and from an imported PNG', async () => {
    keeper((file) => file);
    const settled = (d: { state: string }) => d.state === 'verified' || d.state === 'failed';
    expect(await deliverOnce(settled)).toMatchObject({ state: 'verified', lastError: null });
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 150, b: 120 } } }).png().toBuffer();
    expect(await deliverOnce(settled, png)).toMatchObject({ state: 'verified', lastError: null });
  });

  it('never verifies a copy that differs by one byte in the header, the pixels or the trailer, or is cut short', async () => {
    const flip = (at: (file: Buffer) => number) => (file: Buffer) => {
      const copy = Buffer.from(file);
      const i = at(copy);
      expect(i).toBeGreaterThanOrEqual(0);
      copy[i]! ^= 0x01;
      return copy;
    };
    const alterations = [
      flip((f) => f.indexOf('CLINICPHOTO_1')), // the meta header
      flip((f) => Math.floor(f.length / 2)), // inside the JPEG
      flip((f) => f.length - 5), // the Sequence Delimitation Item
      (f: Buffer) => f.subarray(0, f.length - 8),
      (f: Buffer) => Buffer.concat([f.subarray(0, 200), f.subarray(201)]),
    ];
    for (const alter of alterations) {
      keeper(alter);
      const row = await deliverOnce();
      expect(row.lastError).toBe('Read-back: what the server holds differs from what was sent (SHA-256 mismatch).');
    }
  });

  it('refuses plain http to a host that is not this machine', async () => {
    const c = await deliveryClinic();
    try {
      const r = await c.client.api.delivery.createTarget({ target: { name: 'Remote', kind: 'fhir', baseUrl: 'http://emr.example.org/fhir', authKind: 'none' } });
      expect(r.ok ? null : r.error.code).toBe('INSECURE_TARGET');
      expect(unwrap(await c.client.api.delivery.listTargets({}))).toEqual([]);
    } finally {
      await c.dispose();
    }
  });
});
