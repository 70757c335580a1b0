// The off-site archive in the browser shell against a real S3 server (Swift + s3api on loopback):
// an administrator sets up the archive in Delivery settings (WORM refused: no Object Lock; then the
// bucket check's findings shown), backs up, and sees the archive verified. Then, on a new machine
// (a fresh data directory), "Restore this workstation" on the first-run screen rebuilds it from
// the bucket with the recovery code, and the original password signs in.
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { startSwift, type SwiftPeer } from '../main/core/test-support/peers';
import { signIn } from './support/flows';
import { expect, test } from './support/shell';

const ADMIN = { clinicName: 'Harbour Skin Clinic', username: 'mkaur', displayName: 'Dr Meera Kaur', password: 'saltmarsh-heron-quartz-41' };
const BUCKET = 'e2e-archive';

let s3: SwiftPeer;
let recoveryCode = '';
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  s3 = await startSwift();
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
test.afterAll(async () => {
  await s3?.stop();
});

test('an administrator sets up the off-site archive and backs up', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  // The S3 secret must never be on disk in the clear either (it sits in the SQLCipher database).
  app.phi.push(s3.secretAccessKey);
  await page.getByLabel('Clinic name').fill(ADMIN.clinicName);
  await page.getByLabel('Administrator username').fill(ADMIN.username);
  await page.getByLabel('Full name').fill(ADMIN.displayName);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Confirm password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Set up workstation' }).click();
  recoveryCode = (await page.getByLabel('Recovery code', { exact: true }).textContent())?.trim() ?? '';
  expect(recoveryCode).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
  await page.getByLabel('I have stored it safely').check();
  await page.getByRole('button', { name: 'Continue' }).click();

  await page.getByRole('banner').getByRole('button', { name: 'Delivery' }).click();
  await page.getByRole('button', { name: 'Set up the off-site archive' }).click();
  const form = page.getByRole('form', { name: 'Off-site archive settings' });
  await form.getByLabel('Endpoint', { exact: true }).fill(s3.endpoint);
  await form.getByLabel('Region', { exact: true }).fill(s3.region);
  await form.getByLabel('Bucket', { exact: true }).fill(BUCKET);
  await form.getByLabel('Prefix (optional)', { exact: true }).fill('harbour');
  await form.getByLabel(/Path-style addressing/).check();
  await form.getByLabel('Access key ID', { exact: true }).fill(s3.accessKeyId);
  await form.getByLabel('Secret access key', { exact: true }).fill(s3.secretAccessKey);
  await form.getByLabel(/Immutable \(WORM\)/).check();
  await form.getByRole('button', { name: 'Check and save' }).click();
  await expect(form.getByText('needs Object Lock')).toBeVisible();
  await form.getByLabel(/Immutable \(WORM\)/).uncheck();
  await form.getByLabel('Secret access key', { exact: true }).fill(s3.secretAccessKey);
  await form.getByRole('button', { name: 'Check and save' }).click();

  const findings = page.getByRole('list', { name: 'What the bucket check found' });
  await expect(findings).toContainText('Credentials valid; bucket reachable.');
  await expect(findings).toContainText('Object Lock: not available on this bucket.');
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByText(/Archive verified: snapshot \d{8}T\d{6}Z-[0-9a-f]{8} with 3 objects/)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(s3.secretAccessKey, { exact: true })).toHaveCount(0);
});

test('a new machine is restored from the archive on the first-run screen', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  expect(recoveryCode).not.toBe('');
  await page.getByRole('button', { name: 'Restore this workstation' }).click();
  await page.getByLabel('Endpoint', { exact: true }).fill(s3.endpoint);
  await page.getByLabel('Region', { exact: true }).fill(s3.region);
  await page.getByLabel('Bucket', { exact: true }).fill(BUCKET);
  await page.getByLabel('Prefix (optional)', { exact: true }).fill('harbour');
  await page.getByLabel('Path-style addressing', { exact: true }).check();
  await page.getByLabel('Access key ID', { exact: true }).fill(s3.accessKeyId);
  await page.getByLabel('Secret access key', { exact: true }).fill(s3.secretAccessKey);
  await page.getByLabel('Recovery code', { exact: true }).fill(recoveryCode);
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible({ timeout: 60_000 });
  await signIn(page, ADMIN.username, ADMIN.password);
  await expect(page.getByRole('heading', { name: 'Patients', level: 1 })).toBeVisible();
});
