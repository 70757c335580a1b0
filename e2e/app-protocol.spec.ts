// The browser shell's app origin under requests the renderer never makes itself: a path with a
// malformed percent-escape is a 404, and the shell (the Node process serving the origin) lives on.
import { expect, test } from './support/shell';

type FetchWindow = { fetch(url: string): Promise<{ status: number }> };

test('a malformed percent-escape is a 404 and the shell keeps serving', async ({ app }) => {
  const { page } = app;
  const statuses = await page.evaluate(async () => {
    const w = globalThis as unknown as FetchWindow;
    const status = async (url: string) => (await w.fetch(url)).status;
    return { malformed: await status('/%E0%A4%A'), lonePercent: await status('/%'), after: await status('/index.html') };
  });
  expect(statuses).toEqual({ malformed: 404, lonePercent: 404, after: 200 });
  // The bridge still reaches the core, so the process that serves it is alive.
  const status = await page.evaluate(() => (globalThis as unknown as { clinic: { setup: { status(r: object): Promise<unknown> } } }).clinic.setup.status({}));
  expect(status).toEqual({ ok: true, value: { initialized: false, clinicName: null, locale: null } });
});
