// The router is the only door into the core: unknown channels, bad payloads, missing sessions and
// missing permissions are refused before any use-case runs. Every channel × every role is checked
// against the permission matrix.
import { describe, expect, it } from 'vitest';
import { channelEntries, type ChannelName } from '../../shared/contract';
import { ROLES, roleHasPermission, type Role } from '../../shared/permissions';
import { createRouter, type Handlers } from './router';
import { silentLogger } from './support/log';

/** Handlers that record the call and fail the response schema on purpose (we only test the door). */
function recordingHandlers(calls: string[]): Handlers {
  const handlers: Record<string, Record<string, () => never>> = {};
  for (const [name] of channelEntries()) {
    const [area, method] = name.split('.') as [string, string];
    handlers[area] ??= {};
    handlers[area][method] = () => {
      calls.push(name);
      throw new Error('reached');
    };
  }
  return handlers as unknown as Handlers;
}

const session = (role: Role) => ({ user: { id: 'a'.repeat(32), username: 'u', displayName: 'U', role }, startedAt: new Date() });

/** A payload that passes validation for each channel, so only access decides. */
const VALID: Record<ChannelName, unknown> = {
  'setup.status': {},
  'setup.initialize': { clinicName: 'Clinic', admin: { username: 'admin', displayName: 'A', password: 'x' } },
  'session.signIn': { username: 'admin', password: 'x' },
  'session.signOut': {},
  'session.current': {},
  'patients.register': { mrn: 'M1', familyName: 'F', givenName: 'G', birthDate: '2000-01-01', sex: 'F' },
  'patients.search': { query: 'x' },
  'patients.get': { patientId: 'b'.repeat(32) },
  'patients.findByMrn': { mrn: 'M1' },
  'encounters.start': { patientId: 'b'.repeat(32) },
  'encounters.list': { patientId: 'b'.repeat(32) },
  'cameras.list': {},
  'capture.take': { encounterId: 'b'.repeat(32), cameraId: 'simulated:0' },
  'photos.list': { patientId: 'b'.repeat(32) },
  'photos.open': { photoId: 'b'.repeat(32) },
};

describe('router', () => {
  it('has a valid sample payload for every channel', () => {
    for (const [name, def] of channelEntries()) expect(def.request.safeParse(VALID[name]).success, name).toBe(true);
  });

  it('refuses unknown channels and non-string names', async () => {
    const calls: string[] = [];
    const route = createRouter(recordingHandlers(calls), { onDenied() {} }, silentLogger);
    for (const name of ['nope', 'patients.delete', '__proto__', 'toString', 42, null]) {
      const r = await route({ clientId: 'c', session: session('administrator') }, name, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
    expect(calls).toEqual([]);
  });

  it('validates payloads before the use-case runs, naming the fields', async () => {
    const calls: string[] = [];
    const route = createRouter(recordingHandlers(calls), { onDenied() {} }, silentLogger);
    const r = await route({ clientId: 'c', session: session('administrator') }, 'patients.register', {
      mrn: 'M 1 !',
      familyName: '',
      givenName: 'G',
      birthDate: '2000-02-30',
      sex: 'X',
      extra: 1,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(r.error.fields ?? {}).sort()).toEqual(['_', 'birthDate', 'familyName', 'mrn', 'sex']);
    expect(calls).toEqual([]);
  });

  const cases = channelEntries().flatMap(([name, def]) => [
    ...ROLES.map((role) => [name, def.access, role] as const),
    [name, def.access, null] as const,
  ]);

  it.each(cases)('%s as %j for %s follows the matrix', async (name, access, role) => {
    const calls: string[] = [];
    const denied: string[] = [];
    const route = createRouter(recordingHandlers(calls), { onDenied: (_c, ch, code) => denied.push(`${ch}:${code}`) }, silentLogger);
    const r = await route({ clientId: 'c', session: role ? session(role) : null }, name, VALID[name]);
    const allowed =
      access.kind === 'public' || (role !== null && (access.kind === 'session' || roleHasPermission(role, access.permission)));
    if (allowed) {
      expect(calls).toEqual([name]);
      expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } }); // the recording handler throws
    } else {
      expect(calls).toEqual([]);
      const code = role === null ? 'NOT_SIGNED_IN' : 'PERMISSION_DENIED';
      expect(r).toMatchObject({ ok: false, error: { code } });
      expect(denied).toEqual([`${name}:${code}`]);
    }
  });

  it('refuses a response that does not match the contract', async () => {
    const handlers = recordingHandlers([]);
    (handlers.setup as unknown as Record<string, () => unknown>).status = () => ({ initialized: 'yes' });
    const route = createRouter(handlers, { onDenied() {} }, silentLogger);
    expect(await route({ clientId: 'c', session: null }, 'setup.status', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
