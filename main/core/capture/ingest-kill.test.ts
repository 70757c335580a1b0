// Kill the process at random instants while it ingests photos: afterwards every photo the process
// reported as stored is there and decrypts to the right bytes, no photo row points at a missing or
// damaged file, and recovery leaves no unreferenced or partial file behind.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Patient, Photo } from '../../../shared/domain';
import { initializedClinic, testCore, ADMIN, unwrap } from '../test-support/fixtures';
import { BlobStore } from '../blobs/blob-store';
import { unlockWithPassword } from '../vault/vault';
import { openDatabase } from '../db/open';

const root = path.resolve(import.meta.dirname, '../../..');

function runAndKill(args: string[], killAfterMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'main/core/test-support/ingest-child.ts'), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.startsWith('ready\n') && !child.killed) setTimeout(() => child.kill('SIGKILL'), killAfterMs).unref();
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child ended without being killed: ${err}`));
      else resolve(out.split('\n').filter((l) => l.startsWith('ok ')).map((l) => l.slice(3)));
    });
  });
}

describe('ingest under SIGKILL', () => {
  it('never loses a committed photo and never leaves debris', async () => {
    const c = await initializedClinic();
    try {
      const patient = unwrap<Patient>(await c.client.api.patients.register({ mrn: 'KILL-1', familyName: 'Crash', givenName: 'Test', birthDate: '2000-01-01', sex: 'U' }));
      await c.core.close();
      const image = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#c89678', noise: { type: 'gaussian', mean: 128, sigma: 20 } } })
        .jpeg({ quality: 92 })
        .toBuffer();
      const imagePath = path.join(c.dir, '..', `${path.basename(c.dir)}-kill.jpg`);
      await writeFile(imagePath, image);
      const expectedHash = createHash('sha256').update(image).digest('hex');

      const reported: string[] = [];
      for (const delay of [5, 40, 90, 150, 260, 410]) reported.push(...(await runAndKill([c.dir, imagePath, 'KILL-1'], delay)));

      const core = testCore(c.dir);
      const client = core.connect();
      unwrap(await client.api.session.signIn({ username: ADMIN.username, password: ADMIN.password }));
      const photos = unwrap<Photo[]>(await client.api.photos.list({ patientId: patient.id }));
      const stored = new Set(photos.map((p) => p.id));
      for (const id of reported) expect(stored.has(id), `reported photo ${id} is stored`).toBe(true);
      for (const photo of photos) {
        const opened = unwrap<{ handle: string }>(await client.api.photos.open({ photoId: photo.id }));
        const bytes = await client.resolvePhoto(opened.handle);
        const parts: Buffer[] = [];
        for await (const part of bytes.stream()) parts.push(part);
        const stored = Buffer.concat(parts);
        expect(createHash('sha256').update(stored).digest('hex')).toBe(photo.sha256);
        // The child makes each import distinct with a JPEG comment right after SOI; without it,
        // the stored file is the image byte for byte.
        const withoutComment = Buffer.concat([stored.subarray(0, 2), stored.subarray(4 + stored.readUInt16BE(4))]);
        expect(createHash('sha256').update(withoutComment).digest('hex')).toBe(expectedHash);
      }
      await core.close();

      // Recovery with no age margin: afterwards exactly the referenced files remain.
      const keys = await unlockWithPassword(c.dir, ADMIN.username, ADMIN.password);
      const db = openDatabase(path.join(c.dir, 'clinic.db'), keys.databaseKey);
      const referenced = new Set(db.prepare('SELECT file_name FROM blobs').pluck().all() as string[]);
      db.close();
      const store = new BlobStore(c.dir, new Map([[keys.blobKek.version, keys.blobKek]]), keys.blobKek);
      await store.sweep((name) => referenced.has(name), 0);
      const shards = await readdir(path.join(c.dir, 'blobs'));
      const files = (await Promise.all(shards.map((s) => readdir(path.join(c.dir, 'blobs', s))))).flat();
      expect(files.sort()).toEqual([...referenced].sort());
      expect(referenced.size).toBe(photos.length * 2);
      expect(photos.length).toBeGreaterThan(0);
    } finally {
      await c.dispose();
    }
  }, 120_000);
});
