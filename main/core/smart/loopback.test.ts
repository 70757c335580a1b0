// The loopback redirect listener: one GET /callback is taken, everything else is 404, it closes
// after the answer, and it gives up with SMART_LAUNCH_FAILED when the browser never comes back.
import { describe, expect, it } from 'vitest';
import { startLoopbackRedirect } from './loopback';

describe('loopback redirect (RFC 8252 §7.3)', () => {
  it('listens on 127.0.0.1, takes one callback, refuses other paths, then closes', async () => {
    const redirect = await startLoopbackRedirect(5_000);
    expect(redirect.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const origin = new URL(redirect.redirectUri).origin;
    expect((await fetch(`${origin}/other?code=x`)).status).toBe(404);
    const page = await fetch(`${redirect.redirectUri}?code=abc&state=s1`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const body = await page.text();
    expect(body).toContain('return to Clinic Photo');
    expect(body).not.toContain('abc');
    const query = await redirect.response;
    expect([query.get('code'), query.get('state')]).toEqual(['abc', 's1']);
    await expect(fetch(`${redirect.redirectUri}?code=again`)).rejects.toThrow();
  });

  it('gives up after its time limit, and on close', async () => {
    const slow = await startLoopbackRedirect(50);
    await expect(slow.response).rejects.toMatchObject({ code: 'SMART_LAUNCH_FAILED' });
    const closed = await startLoopbackRedirect(5_000);
    closed.close();
    await expect(closed.response).rejects.toMatchObject({ code: 'SMART_LAUNCH_FAILED' });
  });
});
