// The shell-neutral app protocol called directly, as the browser shell's route handler calls it: a
// path it cannot decode is a 404 answer, never a thrown URIError (which in the browser shell is an
// unhandled rejection that ends the process).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../core/core';
import { tempDir, testCore } from '../core/test-support/fixtures';
import { serveAppRequest, type AppProtocolOptions } from './app-protocol';

const ORIGIN = 'https://clinic-photo.invalid';

describe('serveAppRequest', () => {
  let cleanup: () => Promise<void>;
  let core: Core;
  let options: AppProtocolOptions;

  beforeEach(async () => {
    const dir = await tempDir('cpw-app-protocol-');
    cleanup = dir.cleanup;
    const rendererDir = path.join(dir.dir, 'renderer');
    await mkdir(rendererDir, { recursive: true });
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Clinic Photo</title>');
    core = testCore(path.join(dir.dir, 'data'));
    options = { rendererDir, client: core.connect() };
  });

  afterEach(async () => {
    await core.close();
    await cleanup();
  });

  it.each([
    ['a truncated three-byte escape', '/%E0%A4%A'],
    ['a lone percent sign', '/%'],
    ['an escape that is not UTF-8', '/%FF.html'],
    ['a truncated escape in a sub-folder', '/assets/%C3.js'],
  ])('answers 404 for %s instead of throwing', async (_name, pathname) => {
    const response = await serveAppRequest(new Request(`${ORIGIN}${pathname}`), options);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('still serves a well-formed escaped path', async () => {
    const response = await serveAppRequest(new Request(`${ORIGIN}/%69ndex.html`), options);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Clinic Photo</title>');
  });
});
