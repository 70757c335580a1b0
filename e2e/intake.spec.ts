// Issue 13, end to end in the browser shell: a clinic's first day. The recovery code keeps its
// groups whole and can be copied and printed; checkboxes sit beside their labels; an administrator
// sees a setup checklist instead of an empty list; registration flags every missing field at once,
// refuses a future birth date and takes one name; search finds people the way they are typed; the
// importer (intake-import.spec.ts) shows each photo's own date and duplicates before committing,
// then imports with progress; a lock-out counts down with the button disabled; the lock screen's
// buttons stay in its card; the device key is not offered without a key store. Screenshots at
// 1280×800 and 1920×1080.
import { signedIn } from '../main/core/access/test-staff';
import { markedScene } from '../main/core/test-support/exif-jpeg';
import { ADMIN, PEOPLE, setUp, setViewport } from './support/intake';
import { expect, test } from './support/shell';

test('recovery code groups, copy and print; checkboxes beside their labels; the administrator’s checklist', async ({ app }) => {
  test.setTimeout(120_000);
  const { page, shell, snap } = app;
  await setViewport(page, 1280, 800);
  await page.getByLabel('Clinic name').fill(ADMIN.clinicName);
  await page.getByLabel('Administrator username').fill(ADMIN.username);
  await page.getByLabel('Full name').fill(ADMIN.displayName);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Confirm password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Set up workstation' }).click();
  const code = page.getByLabel('Recovery code', { exact: true });
  await expect(code).toBeVisible();

  // No group of the code is split across lines, even in a window narrow enough to wrap it: every
  // line break falls right after a dash (measured character by character, whatever the markup).
  for (const width of [1280, 520]) {
    await setViewport(page, width, 800);
    const lines = await code.evaluate((el) => {
      const doc = el.ownerDocument;
      const chars: Array<{ ch: string; top: number }> = [];
      const walker = doc.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < (node.textContent ?? '').length; i++) {
          const range = doc.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          if (rect) chars.push({ ch: node.textContent![i]!, top: Math.round(rect.top) });
        }
      }
      const text = chars.map((c) => c.ch).join('');
      const breaksAfter = chars.flatMap((c, i) => (i > 0 && c.top > chars[i - 1]!.top ? [chars[i - 1]!.ch] : []));
      return { text, breaksAfter };
    });
    expect(lines.text).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4})+$/);
    expect(lines.breaksAfter.every((ch) => ch === '-'), `${width}px: lines end with ${JSON.stringify(lines.breaksAfter)}`).toBe(true);
    if (width === 520) expect(lines.breaksAfter.length).toBeGreaterThan(0);
  }
  await setViewport(page, 1280, 800);

  // Copy puts exactly the code on the clipboard; print prints (the page's print is counted here).
  await shell.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  await page.getByRole('button', { name: 'Copy code' }).click();
  await expect(page.getByText('Copied to the clipboard.')).toBeVisible();
  const shown = (await code.innerText()).replace(/\s+/g, '');
  expect(await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(shown);
  await page.evaluate(() => {
    const w = globalThis as unknown as { printed: number; print: () => void };
    w.printed = 0;
    w.print = () => void (w.printed += 1);
  });
  await page.getByRole('button', { name: 'Print code' }).click();
  expect(await page.evaluate(() => (globalThis as unknown as { printed: number }).printed)).toBe(1);

  // The checkbox is a checkbox-sized box right beside its label.
  const box = page.getByRole('checkbox', { name: 'I have stored it safely' });
  const boxRect = await box.boundingBox();
  const labelRect = await page.locator('label', { hasText: 'I have stored it safely' }).boundingBox();
  expect(boxRect && labelRect).toBeTruthy();
  expect(boxRect!.width).toBeLessThanOrEqual(24);
  expect(Math.abs(labelRect!.x - (boxRect!.x + boxRect!.width))).toBeLessThanOrEqual(16);
  await snap('intake-recovery-code-1280x800');

  await box.check();
  await page.getByRole('button', { name: 'Continue' }).click();
  const checklist = page.getByRole('region', { name: 'Set up the workstation' });
  await expect(checklist).toBeVisible();
  await expect(checklist.getByRole('listitem')).toHaveCount(4);
  // A fresh clinic has done none of them (the seeded example consent form is not the clinic's own).
  for (const item of ['Add staff accounts', 'Connect a camera', 'Add a consent form', 'Add a delivery target']) {
    await expect(checklist.getByRole('listitem').filter({ hasText: item })).toContainText('To do');
  }
  await expect(page.getByText('No patients registered yet.')).toHaveCount(0);
  await snap('intake-checklist-1280x800');
  await setViewport(page, 1920, 1080);
  await snap('intake-checklist-1920x1080');

  // Each item leads to its screen.
  await checklist.getByRole('listitem').filter({ hasText: 'Add staff accounts' }).getByRole('button', { name: 'Open' }).click();
  await expect(page.getByRole('heading', { name: 'Staff', level: 1 })).toBeVisible();
});

test('registration flags every missing field at once, refuses a future birth date and takes one name', async ({ app }) => {
  test.setTimeout(120_000);
  const { page, phi } = app;
  phi.push('Sukarno', 'MONO-7');
  await setViewport(page, 1280, 800);
  await setUp(page);
  await page.getByRole('button', { name: 'Register patient' }).click();
  const dialog = page.getByRole('dialog', { name: 'Register patient' });
  await dialog.getByRole('button', { name: 'Register patient' }).click();
  await expect(dialog.locator('[aria-invalid="true"]')).toHaveCount(4);
  for (const field of ['MRN', 'Family name', 'Date of birth', 'Sex']) await expect(dialog.getByText(`${field} is required.`)).toBeVisible();
  await expect(dialog.getByLabel('Given names')).not.toHaveAttribute('aria-invalid', 'true');

  await dialog.getByLabel('MRN').fill('MONO-7');
  await dialog.getByLabel('Family name').fill('Sukarno');
  await dialog.getByLabel('Sex').selectOption({ label: 'Male' });
  const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  await dialog.getByLabel('Date of birth').fill(tomorrow);
  await expect(dialog.getByText('Date of birth cannot be in the future.')).toBeVisible();
  await expect(dialog.getByText(/\(age /)).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Register patient' }).click();
  await expect(dialog).toBeVisible();

  await dialog.getByLabel('Date of birth').fill('1950-06-06');
  await dialog.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByRole('heading', { name: 'Sukarno', level: 1 })).toBeVisible();
});

test('search finds people by any part of the name, MRN endings, local dates and folded letters; the list shows age, last visit and photos', async ({ app }) => {
  test.setTimeout(180_000);
  const { page, shell, snap, phi } = app;
  for (const p of PEOPLE) phi.push(p.familyName, p.givenName, p.mrn);
  await setViewport(page, 1280, 800);
  await setUp(page);
  const cli = await signedIn(shell.core, ADMIN.username, ADMIN.password, { local: true });
  const ids: Record<string, string> = {};
  for (const p of PEOPLE) {
    const r = await cli.api.patients.register(p);
    if (!r.ok) throw new Error(r.error.code);
    ids[p.mrn] = r.value.id;
  }
  const visit = await cli.api.encounters.start({ patientId: ids['FS-100042']!, reason: 'Mole check' });
  if (!visit.ok) throw new Error(visit.error.code);
  for (const seed of [1, 2, 3]) {
    const r = await cli.api.photos.import({ mrn: 'FS-100042', bytes: await markedScene(160 + seed * 16, 120), device: 'e2e' });
    if (!r.ok) throw new Error(r.error.code);
  }
  await page.reload();
  const table = page.getByRole('table', { name: 'Patients' });
  await expect(table.getByRole('row')).toHaveCount(PEOPLE.length + 1);

  const search = page.getByRole('searchbox', { name: 'Search patients' });
  const names = () => table.getByRole('rowheader').allInnerTexts();
  for (const [typed, expected] of [
    ['lopez', 'García López, María José'],
    ['jose', 'García López, María José'],
    ['jones', 'Smith-Jones, Anna'],
    ['orsted soren', 'Ørsted, Søren'],
    ['weiss lukasz', 'Weiß, Łukasz'],
    ['100044', 'Ørsted, Søren'],
    ['3.2.1961', 'García López, María José'],
    ['03/02/1961', 'García López, María José'],
    ['1961-02-03', 'García López, María José'],
  ] as const) {
    await search.fill(typed);
    await expect.poll(names, { message: typed }).toEqual([expected]);
  }

  await search.fill('');
  await expect(table.getByRole('row')).toHaveCount(PEOPLE.length + 1);
  const row = table.getByRole('row').filter({ hasText: 'FS-100042' });
  const headers = await table.getByRole('columnheader').allTextContents();
  expect(headers).toEqual(['Name', 'MRN', 'Date of birth', 'Age', 'Sex', 'Last visit', 'Photos']);
  const cells = await row.getByRole('cell').allInnerTexts();
  expect(cells[0]).toBe('FS-100042');
  expect(cells[2]).toMatch(/^\d+ yrs?$/);
  expect(cells[4]).not.toBe('None');
  expect(cells[5]).toBe('3');
  await snap('intake-patient-list-1280x800');
  await setViewport(page, 1920, 1080);
  await snap('intake-patient-list-1920x1080');

  // In Arabic the page runs right to left; names, numbers and the importer's thumbnails do not mirror.
  await setViewport(page, 1280, 800);
  await page.getByRole('banner').getByRole('button', { name: 'Language' }).click();
  await page.getByLabel('My language').selectOption({ label: 'العربية' });
  await page.getByRole('banner').getByRole('button', { name: 'المرضى' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('table').getByRole('columnheader').first()).toHaveText('الاسم');
  await snap('intake-patient-list-ar-1280x800');
  await page.getByRole('button', { name: 'استيراد الصور' }).click();
  await expect(page.getByRole('dialog', { name: 'استيراد الصور' })).toBeVisible();
  await snap('intake-import-ar-1280x800');
});

test('a lock-out counts down with the button disabled; the lock screen keeps its buttons in the card; no device key without a key store', async ({ app }) => {
  test.setTimeout(180_000);
  const { page, snap } = app;
  await setViewport(page, 1280, 800);
  await setUp(page);

  // No operating-system key store in the browser shell: the device key is not offered.
  await page.getByRole('banner').getByRole('button', { name: 'Security keys' }).click();
  await expect(page.getByText('no operating-system key store is available here')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Turn on the device key' })).toHaveCount(0);

  // The lock screen, in German (the longest button labels): every button inside the card, in both window sizes.
  await page.getByRole('banner').getByRole('button', { name: 'Language' }).click();
  await page.getByLabel('My language').selectOption({ label: 'Deutsch' });
  await page.getByRole('banner').getByRole('button', { name: 'Sperren' }).click();
  await expect(page.getByRole('heading', { name: 'Sitzung gesperrt' })).toBeVisible();
  for (const [w, h] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    await setViewport(page, w, h);
    const card = await page.locator('.auth__card').boundingBox();
    for (const button of await page.locator('.auth__card button').all()) {
      const b = await button.boundingBox();
      expect(b!.x).toBeGreaterThanOrEqual(card!.x);
      expect(b!.x + b!.width).toBeLessThanOrEqual(card!.x + card!.width);
    }
    await snap(`intake-lock-screen-${w}x${h}`);
  }
  await setViewport(page, 1280, 800);
  await page.getByLabel('Passwort').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Entsperren' }).click();
  await page.getByRole('banner').getByRole('button', { name: 'Sprache' }).click();
  await page.getByLabel('Meine Sprache').selectOption({ index: 0 });
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();

  // Wrong passwords until the lock-out: the message counts down and the button stays disabled.
  const alert = page.getByRole('alert');
  for (let i = 0; i < 8 && !/Try again in/.test((await alert.allTextContents()).join(' ')); i++) {
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill('wrong-password-on-purpose');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(alert).toBeVisible();
  }
  await expect(alert).toHaveText(/Too many failed attempts\. Try again in \d+ seconds\./);
  const first = Number(/in (\d+) seconds/.exec((await alert.textContent())!)![1]);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeDisabled();
  await expect.poll(async () => Number(/in (\d+) seconds/.exec((await alert.textContent()) ?? '')?.[1] ?? first), { timeout: 5_000 }).toBeLessThan(first);
  await snap('intake-lockout-1280x800');
});
