// The contract is the bridge's whole surface: every channel must carry a request schema, a response
// schema and an access policy, and request schemas must reject unknown keys. Local channels exist
// for the CLI only: the renderer's bridge leaves them out.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildClinicApi, buildLocalApi } from './bridge';
import { channelEntries, contract, findChannel } from './contract';
import { PERMISSIONS } from './permissions';

describe('contract', () => {
  const entries = channelEntries();

  it('declares channels', () => {
    expect(entries.length).toBeGreaterThanOrEqual(14);
  });

  it.each(entries)('%s has schemas and an access policy', (_name, def) => {
    expect(def.request).toBeInstanceOf(z.ZodType);
    expect(def.response).toBeInstanceOf(z.ZodType);
    expect(['public', 'session', 'permission', 'local']).toContain(def.access.kind);
    if (def.access.kind === 'permission' || def.access.kind === 'local') expect(PERMISSIONS).toContain(def.access.permission);
  });

  it.each(entries)('%s takes a strict object (unknown keys are refused)', (_name, def) => {
    expect(def.request).toBeInstanceOf(z.ZodObject);
    expect((def.request as z.ZodObject).def.catchall).toBeInstanceOf(z.ZodNever);
  });

  it('keeps public channels to setup, sign-in and recovery', () => {
    // keys.recover is public because it exists for the day nobody can sign in; it is guarded by a
    // 140-bit recovery code behind Argon2id, not by a session. archive.restore likewise: a lost
    // workstation has no session; it needs the bucket's credentials and the recovery code, and is
    // refused once a workstation exists in the data directory.
    const open = entries.filter(([, d]) => d.access.kind === 'public').map(([n]) => n);
    expect(open.sort()).toEqual(['archive.restore', 'keys.recover', 'session.current', 'session.signIn', 'session.verifySecondFactor', 'setup.initialize', 'setup.status']);
  });

  it('finds only declared channels, not prototype keys', () => {
    expect(findChannel('patients.search')).toBe(contract.patients.search);
    for (const name of ['toString', '__proto__', 'constructor', 'patients', 'patients.', 'patients.search.x']) {
      expect(findChannel(name)).toBeUndefined();
    }
  });

  it('builds a frozen bridge with one function per channel a window may call (no local channels)', async () => {
    const calls: Array<[string, unknown]> = [];
    const api = buildClinicApi(async (channel, request) => {
      calls.push([channel, request]);
      return { ok: true, value: null };
    });
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.patients)).toBe(true);
    const names = Object.entries(api).flatMap(([area, methods]) => Object.keys(methods).map((m) => `${area}.${m}`));
    expect(names.sort()).toEqual(entries.filter(([, d]) => d.access.kind !== 'local').map(([n]) => n).sort());
    expect(names).not.toContain('photos.import');
    await api.patients.search({ query: 'x' });
    expect(calls).toEqual([['patients.search', { query: 'x' }]]);
  });

  it('builds the local API (CLI, tests) over every channel, local ones included', () => {
    const api = buildLocalApi(async () => ({ ok: true, value: null }));
    const names = Object.entries(api).flatMap(([area, methods]) => Object.keys(methods).map((m) => `${area}.${m}`));
    expect(names.sort()).toEqual(entries.map(([n]) => n).sort());
    expect(entries.filter(([, d]) => d.access.kind === 'local').map(([n]) => n).sort()).toEqual(['annotations.export', 'consent.listByMrn', 'consent.recordPaperFile', 'photos.export', 'photos.import']);
  });
});
