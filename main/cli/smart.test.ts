// The real `smart client` CLI as a child process: sets, shows and clears the SMART client id of a
// FHIR target named by id or name; refuses an unknown target and contradictory flags.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, tempDir, testCore, unwrap } from '../core/test-support/fixtures';
import { runCli } from './test-support';

describe('smart CLI', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let targetId = '';
  const smart = (args: string[]) => runCli(['smart', 'client', '--data-dir', work.dir, '--user', 'admin', ...args], `${ADMIN.password}\n`);

  beforeAll(async () => {
    work = await tempDir('cpw-cli-smart-');
    const core = testCore(work.dir);
    const client = core.connect();
    unwrap(await client.api.setup.initialize({ clinicName: 'Harbour Dermatology', admin: ADMIN }));
    targetId = unwrap(await client.api.delivery.createTarget({ target: { name: 'EHR', kind: 'fhir', baseUrl: 'https://ehr.example.org/fhir', authKind: 'none' } })).id;
    await core.close();
  });
  afterAll(async () => {
    await work?.cleanup();
  });

  it('sets the client id by target name, shows it, and clears it', async () => {
    const set = await smart(['--target', 'EHR', '--client-id', 'clinic-photo-ws1']);
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout).toBe(`${targetId}\tEHR\thttps://ehr.example.org/fhir\tclinic-photo-ws1\n`);
    expect((await smart([])).stdout).toBe(`${targetId}\tEHR\thttps://ehr.example.org/fhir\tclinic-photo-ws1\n`);
    const cleared = await smart(['--target', targetId, '--clear']);
    expect(cleared.stdout).toBe(`${targetId}\tEHR\thttps://ehr.example.org/fhir\t-\n`);
  }, 120_000); // several real CLI runs in a row: ~8 s each on a loaded CI machine

  it('refuses an unknown target and contradictory flags', async () => {
    const unknown = await smart(['--target', 'PACS', '--client-id', 'x']);
    expect([unknown.code, unknown.stderr]).toEqual([1, 'error: no FHIR target has this id or name\n']);
    const both = await smart(['--target', 'EHR', '--client-id', 'x', '--clear']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^error: give --client-id or --clear, not both/);
  });
});
