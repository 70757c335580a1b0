// Fuzzing the one door: hostile payloads for every channel, sent as a compromised renderer could
// send them over IPC (a window's client, `invoke` with any name and any value), against a real core
// with a real database, for every role. Invariants: every answer is a well-formed result with a
// known error code and never INTERNAL; a role never gets an ok from a channel its role lacks; a
// window never reaches a local channel; afterwards the audit chain verifies and the core still
// serves. The default run is a fast tier for `npm test`; FUZZ_CALLS=100000 runs the long one, and
// FUZZ_SEED repeats a run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelEntries, findChannel, type ChannelName } from '../../shared/contract';
import { ERROR_CODES } from '../../shared/errors';
import { roleHasPermission, type Role } from '../../shared/permissions';
import type { CoreClient } from './core';
import { addStaff, ONE_OF_EACH, STAFF_PASSWORD } from './access/test-staff';
import { mulberry32 } from './support/seeded-random';
import { VALID } from './test-support/channel-samples';
import { ADMIN, initializedClinic, unwrap } from './test-support/fixtures';

const CALLS = Number(process.env.FUZZ_CALLS ?? 1_500);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

/** Channels whose success reaches the network or changes who can sign in: fuzzed only where refused. */
const REFUSED_ONLY: ReadonlySet<ChannelName> = new Set([
  'delivery.createTarget',
  'delivery.updateTarget',
  'delivery.testTarget',
  'audit.saveForwarding',
  'users.updateSettings',
  'users.disable',
  'users.update',
  'users.resetSecondFactor',
  'access.updateSettings',
  'access.setAccountExpiry',
  'keys.rotate',
  'keys.enableDeviceKey',
  'session.beginTotpEnrollment',
  'session.confirmTotpEnrollment',
  'session.changePassword',
]);

const HOSTILE: readonly unknown[] = [
  null,
  undefined,
  true,
  0,
  -1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 53 + 1,
  -0,
  '',
  ' ',
  '\u0000',
  '\u202e\u0646\u0627\u0645',
  "' OR 1=1 --",
  '"; DROP TABLE patients; --',
  '../../../../etc/passwd',
  '%E0%A4%A',
  'x'.repeat(70_000),
  '9'.repeat(400),
  '2026-02-30',
  '1900-01-01T00:00:00Z',
  'a'.repeat(32),
  'b'.repeat(43),
  [],
  [null],
  Array.from({ length: 2_000 }, (_, i) => i),
  {},
  { __proto__: { isAdmin: true } },
  JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}'),
  { toString: 'not a function', valueOf: 1 },
  new Uint8Array([0xff, 0xd8, 0xff, 0xe0]),
];

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

/** A hostile variant of a valid payload: whole-value junk, a field replaced, added or removed. */
function mutate(valid: unknown, rnd: () => number): unknown {
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const roll = rnd();
  if (roll < 0.1) return pick(HOSTILE);
  if (roll < 0.13) return nested(2_000);
  if (typeof valid !== 'object' || valid === null) return pick(HOSTILE);
  const copy: Record<string, unknown> = structuredClone(valid as Record<string, unknown>);
  const keys = Object.keys(copy);
  const edits = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < edits; i += 1) {
    const r = rnd();
    if (r < 0.55 && keys.length > 0) copy[pick(keys)] = rnd() < 0.2 ? nested(50) : pick(HOSTILE);
    else if (r < 0.75 && keys.length > 0) delete copy[pick(keys)];
    else copy[pick(['extra', '__proto__', 'constructor', 'prototype', 'role', 'userId'])] = pick(HOSTILE);
  }
  return rnd() < 0.5 ? copy : JSON.parse(JSON.stringify(copy) ?? 'null');
}

let clinic: Awaited<ReturnType<typeof initializedClinic>>;
const clients = new Map<Role, CoreClient>();
const usernames: Record<Role, string> = { administrator: ADMIN.username, clinician: 'clin', photographer: 'photo', front_desk: 'desk', privacy_officer: 'privacy' };

// The core's clock: wrong passwords among the fuzzed calls lock accounts out, and waiting the
// lock-out out is a matter of moving this clock (then every role signs in again).
let now = Date.parse('2026-03-02T10:00:00Z');

async function signInAs(role: Role): Promise<CoreClient> {
  const password = role === 'administrator' ? ADMIN.password : STAFF_PASSWORD;
  const client = clinic.core.connect();
  let result = await client.api.session.signIn({ username: usernames[role], password });
  if (!result.ok && result.error.code === 'TOO_MANY_ATTEMPTS') {
    now += 31 * 60_000;
    for (const other of clients.keys()) if (other !== role) await signInAs(other);
    result = await client.api.session.signIn({ username: usernames[role], password });
  }
  unwrap(result);
  clients.set(role, client);
  return client;
}

beforeAll(async () => {
  clinic = await initializedClinic({ clock: () => new Date(now) });
  await addStaff(clinic.dir, ONE_OF_EACH);
  unwrap(await clinic.client.api.patients.register({ mrn: 'FUZZ-1', familyName: 'Fuzz', givenName: 'Target', birthDate: '1970-01-01', sex: 'U' }));
  for (const role of Object.keys(usernames) as Role[]) await signInAs(role);
}, 60_000);
afterAll(() => clinic.dispose());

describe('the one door under hostile payloads', () => {
  it(`answers ${CALLS} fuzzed calls with well-formed results, never INTERNAL, never past the matrix`, { timeout: 30 * 60_000 }, async () => {
    const rnd = mulberry32(SEED);
    const channels = channelEntries().map(([name]) => name);
    const roles = [...clients.keys()];
    const findings: string[] = [];
    const outcomes = new Map<string, number>();
    const anonymous = clinic.core.connect();
    for (let i = 0; i < CALLS; i += 1) {
      const name = channels[Math.floor(rnd() * channels.length)]!;
      const def = findChannel(name)!;
      const role = rnd() < 0.08 ? null : roles[Math.floor(rnd() * roles.length)]!;
      const permitted = role !== null && def.access.kind !== 'public' && (def.access.kind === 'session' || roleHasPermission(role, def.access.permission));
      if (REFUSED_ONLY.has(name) && permitted) continue;
      const client = role ? clients.get(role)! : anonymous;
      const payload = rnd() < 0.15 ? VALID[name] : mutate(VALID[name], rnd);
      const result = (await client.invoke(rnd() < 0.02 ? `${name}\u0000` : name, payload)) as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
      const code = result.ok === true ? 'ok' : String(result.error?.code);
      outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
      const where = `call ${i} (seed ${SEED}): ${name} as ${role ?? 'nobody'}`;
      if (typeof result.ok !== 'boolean') findings.push(`${where}: malformed result`);
      else if (!result.ok && (!(ERROR_CODES as readonly unknown[]).includes(result.error?.code) || typeof result.error?.message !== 'string')) findings.push(`${where}: unknown error ${code}`);
      if (code === 'INTERNAL') findings.push(`${where}: INTERNAL`);
      if (result.ok === true && def.access.kind !== 'public' && !permitted) findings.push(`${where}: allowed past the matrix`);
      if (result.ok === true && def.access.kind === 'local') findings.push(`${where}: a window reached a local channel`);
      // A call that ended or locked the session (sign-out, lock, a switch) gets a fresh one.
      if (role && (name.startsWith('session.') || code === 'SESSION_LOCKED')) {
        const current = await client.api.session.current({});
        if (!current.ok || current.value === null || current.value.restriction !== null || current.value.user.username !== usernames[role]) await signInAs(role);
      }
    }
    console.log(`[fuzz] seed ${SEED}: ${CALLS} calls → ${JSON.stringify(Object.fromEntries([...outcomes].sort((a, b) => b[1] - a[1])))}`);
    expect(findings.slice(0, 20)).toEqual([]);
    // Afterwards the trail still verifies and the core still serves.
    const admin = await signInAs('administrator');
    expect(unwrap(await admin.api.audit.verify({}))).toMatchObject({ ok: true });
    expect(unwrap(await admin.api.patients.search({ query: 'FUZZ-1' })).patients).toHaveLength(1);
  });
});
