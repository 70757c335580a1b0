// The real `users` CLI as a child process against a real data directory: the administrator's
// password and the new user's initial password arrive as stdin lines; the new account exists, must
// change its password at first sign-in, and every refusal is one clear line with the right exit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../shared/channels/session';
import { ADMIN, tempDir, testCore, unwrap } from '../core/test-support/fixtures';
import { scanForPlaintext } from '../core/test-support/plaintext-scan';
import { runCli } from './test-support';

const INITIAL = 'initial-secret-for-jo-42';

const cli = (args: string[], stdin: string) => runCli(args, stdin);

describe('users CLI', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  const add = (overrides: Record<string, string>, stdin: string) => {
    const flags = { '--data-dir': work.dir, '--user': 'admin', '--username': 'jo.okafor', '--name': 'Jo Okafor-Lindgren', '--role': 'clinician', ...overrides };
    return cli(['users', 'add', ...Object.entries(flags).flat()], stdin);
  };

  beforeAll(async () => {
    work = await tempDir('cpw-cli-users-');
    const core = testCore(work.dir);
    unwrap(await core.connect().api.setup.initialize({ clinicName: 'Harbour Dermatology', admin: ADMIN }));
    await core.close();
  });
  afterAll(async () => {
    await work?.cleanup();
  });

  it('adds a clinician who must change the initial password at first sign-in', async () => {
    const run = await add({}, `${ADMIN.password}\n${INITIAL}\n`);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^[0-9a-f]{32}\n$/);

    const core = testCore(work.dir);
    const client = core.connect();
    const step = unwrap<{ step: string; session: SessionInfo }>(await client.api.session.signIn({ username: 'jo.okafor', password: INITIAL }));
    expect(step.session).toMatchObject({ user: { username: 'jo.okafor', displayName: 'Jo Okafor-Lindgren', role: 'clinician' }, restriction: 'changePassword' });
    await core.close();

    const list = await cli(['users', 'list', '--data-dir', work.dir, '--user', 'admin'], `${ADMIN.password}\n`);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n').filter(Boolean).sort()).toEqual(['admin\tadministrator\tactive\tno-2fa', 'jo.okafor\tclinician\tmust-change-password\tno-2fa']);
  });

  it('refuses a taken username, a weak password, a wrong admin password, a non-administrator and a missing line', async () => {
    const taken = await add({}, `${ADMIN.password}\n${INITIAL}\n`);
    expect([taken.code, taken.stderr]).toEqual([1, 'error: username jo.okafor is already in use\n']);
    const weak = await add({ '--username': 'sam' }, `${ADMIN.password}\nsam-password-1\n`);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/^error: .*must not contain the username/);
    const wrong = await add({ '--username': 'sam' }, `not-the-admin-password\n${INITIAL}\n`);
    expect([wrong.code, wrong.stderr]).toEqual([1, 'error: username or password is incorrect\n']);
    const notAdmin = await add({ '--user': 'jo.okafor', '--username': 'sam' }, `${INITIAL}\nanother-initial-pass-9\n`);
    expect(notAdmin.code).toBe(1);
    const missing = await add({ '--username': 'sam' }, `${ADMIN.password}\n`);
    expect([missing.code, missing.stderr]).toEqual([2, "error: no new user's initial password on stdin: give it on its own line\n"]);
    const role = await add({ '--username': 'sam', '--role': 'janitor' }, '');
    expect(role.code).toBe(2);
    expect(await scanForPlaintext(work.dir, ['Jo Okafor-Lindgren', INITIAL, ADMIN.password])).toEqual([]);
  }, 120_000); // six real CLI runs in a row: at ~5 s each under a loaded CI machine, 30 s is not enough
});
