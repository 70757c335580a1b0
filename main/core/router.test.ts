// The router is the only door into the core: unknown channels, local-only channels from a window,
// bad payloads, missing sessions and missing permissions are refused before any use-case runs.
// Every channel × every role × window or local client is checked against the permission matrix,
// and every channel's declared policy (audit action, activity) is what the router applies.
import { describe, expect, it } from 'vitest';
import { channelEntries, findChannel } from '../../shared/contract';
import { AUDIT_ACTIONS } from '../../shared/audit-actions';
import { ROLES, roleHasPermission, type Role } from '../../shared/permissions';
import { createRouter, type Handlers } from './router';
import { VALID } from './test-support/channel-samples';
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

  const cases = channelEntries().flatMap(([name, def]) =>
    [false, true].flatMap((local) => [...ROLES.map((role) => [name, def.access, role, local] as const), [name, def.access, null, local] as const]),
  );

  it.each(cases)('%s as %j for %s (local client: %s) follows the matrix', async (name, access, role, local) => {
    const calls: string[] = [];
    const denied: string[] = [];
    const route = createRouter(recordingHandlers(calls), { onDenied: (_c, ch, def, code) => denied.push(`${ch}:${code}:${def.audit}`) }, silentLogger);
    const r = await route({ clientId: 'c', session: role ? session(role) : null, local }, name, VALID[name]);
    const declared = findChannel(name)!.audit;
    if (access.kind === 'local' && !local) {
      expect(calls).toEqual([]);
      expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
      expect(denied).toEqual([`${name}:LOCAL_ONLY:${declared}`]);
      return;
    }
    const allowed =
      access.kind === 'public' || (role !== null && (access.kind === 'session' || roleHasPermission(role, access.permission)));
    if (allowed) {
      expect(calls).toEqual([name]);
      expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } }); // the recording handler throws
    } else {
      expect(calls).toEqual([]);
      const code = role === null ? 'NOT_SIGNED_IN' : 'PERMISSION_DENIED';
      expect(r).toMatchObject({ ok: false, error: { code } });
      expect(denied).toEqual([`${name}:${code}:${declared}`]);
    }
  });

  it('declares for every channel an audit action from the shared list, and activity', () => {
    for (const [name, def] of channelEntries()) {
      expect(def.audit === null || AUDIT_ACTIONS.includes(def.audit), name).toBe(true);
      expect(typeof def.activity, name).toBe('boolean');
    }
    // Writes always record something: a channel that changes state never declares `audit: null`.
    const writes = channelEntries().filter(([name]) => /\.(register|start|create|update|initialize|restrict|unrestrict|import|export|retry|backfill|take|rotate|recover|disable|enable|save\w*)$/.test(name));
    for (const [name, def] of writes) expect(def.audit, name).not.toBeNull();
  });

  it('reports each call to the idle check with the activity its channel declares', async () => {
    const seen: Array<[string, boolean]> = [];
    const route = createRouter(recordingHandlers([]), { onCall: (_c, activity) => seen.push(['', activity]), onDenied() {} }, silentLogger);
    for (const [name, def] of channelEntries()) {
      seen.length = 0;
      await route({ clientId: 'c', session: session('administrator'), local: true }, name, VALID[name]);
      expect(seen, name).toEqual([['', def.activity]]);
    }
    // The renderer's polls are not activity; an unknown name is not either.
    for (const poll of ['session.current', 'delivery.status', 'delivery.forPhotos', 'cameras.liveViewFrame', 'capture.tetheredPoll'] as const) {
      expect(findChannel(poll)!.activity, poll).toBe(false);
    }
    seen.length = 0;
    await route({ clientId: 'c', session: session('administrator') }, 'nope', {});
    expect(seen).toEqual([['', false]]);
  });

  it('refuses a response that does not match the contract', async () => {
    const handlers = recordingHandlers([]);
    (handlers.setup as unknown as Record<string, () => unknown>).status = () => ({ initialized: 'yes' });
    const route = createRouter(handlers, { onDenied() {} }, silentLogger);
    expect(await route({ clientId: 'c', session: null }, 'setup.status', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
