// The `clinic:` protocol handler exactly as main.ts registers it, called with web Requests: the
// renderer's files for host `app` only, no escape from the renderer directory, and photo bytes
// only for the window whose client was issued the handle.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core, CoreClient } from '../core/core';
import { ADMIN, tempDir, testCore, unwrap } from '../core/test-support/fixtures';
import { APP_ENTRY_URL } from './origin';
import { createAppProtocolHandler } from './protocol';
import { FACE_FRONT } from '../core/standards/sample-context';

describe('createAppProtocolHandler', () => {
  let root: string;
  let rendererDir: string;
  let cleanup: () => Promise<void>;
  let core: Core;
  let client: CoreClient;
  let handler: (request: Request) => Promise<Response>;

  beforeEach(async () => {
    const dir = await tempDir('cpw-electron-protocol-');
    root = dir.dir;
    cleanup = dir.cleanup;
    rendererDir = path.join(root, 'renderer');
    await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Clinic Photo</title>');
    await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'export {};');
    // A file right beside the renderer directory: what a traversal would try to reach.
    await writeFile(path.join(root, 'secret.html'), '<p>outside the renderer</p>');
    await writeFile(path.join(root, 'renderer-secret.html'), '<p>prefix sibling</p>');
    core = testCore(path.join(root, 'data'));
    client = core.connect();
    handler = createAppProtocolHandler({ rendererDir, client });
  });

  afterEach(async () => {
    await core.close();
    await cleanup();
  });

  it('serves the renderer entry with the CSP and hardening headers', async () => {
    const response = await handler(new Request(APP_ENTRY_URL));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Clinic Photo</title>');
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves relative assets and the bare origin', async () => {
    expect((await handler(new Request('clinic://app/assets/app.js'))).status).toBe(200);
    expect((await handler(new Request('clinic://app/'))).status).toBe(200);
  });

  it.each([
    ['another host', 'clinic://evil/index.html'],
    ['another host reaching for a photo', `clinic://evil/photo/${'a'.repeat(43)}`],
    ['a missing file', 'clinic://app/nope.html'],
    ['a dot-dot path (normalised by the URL parser)', 'clinic://app/../secret.html'],
    ['an encoded dot-dot path', 'clinic://app/..%2fsecret.html'],
    ['an encoded dot-dot path, twice', 'clinic://app/assets/..%2f..%2fsecret.html'],
    ['an encoded backslash traversal', 'clinic://app/..%5csecret.html'],
    ['a sibling directory sharing the prefix', 'clinic://app/..%2frenderer-secret.html'],
    ['an absolute path', 'clinic://app/%2fetc%2fpasswd'],
    ['a file type the renderer never serves', 'clinic://app/assets/'],
    ['a malformed photo handle', 'clinic://app/photo/..%2f..%2fsecret.html'],
    ['a malformed percent-escape', 'clinic://app/%E0%A4%A'],
  ])('answers 404 for %s', async (_name, url) => {
    const response = await handler(new Request(url));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('outside the renderer');
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await handler(new Request(APP_ENTRY_URL, { method: 'POST', body: 'x' }));
    expect(response.status).toBe(405);
  });

  it('streams a photo for the window that opened it, and only for that window', async () => {
    unwrap(await client.api.setup.initialize({ clinicName: 'Harbour Dermatology', admin: ADMIN }));
    const patient = unwrap<{ id: string }>(await client.api.patients.register({ mrn: 'E1', familyName: 'Lovelace', givenName: 'Ada', birthDate: '1985-12-10', sex: 'F' }));
    const encounter = unwrap<{ id: string }>(await client.api.encounters.start({ patientId: patient.id, reason: '' }));
    const photo = unwrap<{ id: string }>(await client.api.capture.take({ encounterId: encounter.id, cameraId: 'simulated:0', context: FACE_FRONT }));
    const opened = unwrap<{ handle: string; mime: string }>(await client.api.photos.open({ photoId: photo.id }));

    const response = await handler(new Request(`clinic://app/photo/${opened.handle}`));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toBe(opened.mime);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xd8]);

    const ranged = await handler(new Request(`clinic://app/photo/${opened.handle}`, { headers: { Range: 'bytes=0-9' } }));
    expect(ranged.status).toBe(206);
    expect((await ranged.arrayBuffer()).byteLength).toBe(10);

    // Another window has its own client and its own handler: the handle means nothing there.
    const otherWindow = createAppProtocolHandler({ rendererDir, client: core.connect() });
    expect((await otherWindow(new Request(`clinic://app/photo/${opened.handle}`))).status).toBe(410);
    // The same path on another host never reaches the photo store.
    expect((await handler(new Request(`clinic://elsewhere/photo/${opened.handle}`))).status).toBe(404);
  });
});
