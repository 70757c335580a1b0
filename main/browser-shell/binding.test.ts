// The browser shell's binding answers with JSON text (binding.ts): the page gets exactly what the
// core answered, and no channel a window may call answers with anything JSON would change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { channelEntries } from '../../shared/contract';
import type { CoreClient } from '../core/core';
import { ADMIN, initializedClinic, unwrap } from '../core/test-support/fixtures';
import { invokeAsJson } from './binding';

/** Zod types whose values JSON drops or turns into something else (bytes, dates, maps, ...). */
const NOT_JSON = new Set(['custom', 'date', 'bigint', 'map', 'set', 'undefined', 'void', 'nan', 'symbol', 'file', 'promise', 'function']);

/** The zod types reachable from a schema that JSON does not carry unchanged, with where they sit. */
function notJson(schema: z.ZodType): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const isSchema = (v: unknown): v is z.ZodType => typeof v === 'object' && v !== null && '_zod' in v;
  const visit = (s: z.ZodType, where: string): void => {
    if (seen.has(s)) return;
    seen.add(s);
    const def = s._zod.def as unknown as Record<string, unknown> & { type: string };
    if (NOT_JSON.has(def.type)) found.push(`${where || '(root)'}: ${def.type}`);
    if (def.type === 'lazy' && typeof def.getter === 'function') visit((def.getter as () => z.ZodType)(), where);
    for (const [key, value] of Object.entries(def)) {
      // A refinement is a check on a value (kept in `checks` as a custom schema), not a value's type.
      if (key === 'checks') continue;
      if (isSchema(value)) visit(value, where);
      else if (Array.isArray(value)) value.filter(isSchema).forEach((v) => visit(v, where));
      else if (key === 'shape' && value && typeof value === 'object') for (const [field, v] of Object.entries(value)) if (isSchema(v)) visit(v, `${where}.${field}`);
    }
  };
  visit(schema, '');
  return found;
}

describe('the browser shell binding', () => {
  let clinic: Awaited<ReturnType<typeof initializedClinic>>;
  let window: CoreClient;
  beforeAll(async () => {
    clinic = await initializedClinic();
    window = clinic.core.connect();
    unwrap(await window.api.session.signIn({ username: ADMIN.username, password: ADMIN.password }));
    for (let i = 0; i < 3; i++) {
      unwrap(await clinic.client.api.patients.register({ mrn: `JSON-${i}`, familyName: 'Ödegård', givenName: `Zoë ${i}`, birthDate: '1971-02-03', sex: 'F' }));
    }
  });
  afterAll(async () => {
    await window.disconnect();
    await clinic.dispose();
  });

  it("answers with one JSON string that parses to exactly the core's result", async () => {
    const request = { query: 'JSON', limit: 10 };
    const text = await invokeAsJson(window, 'patients.search', request);
    expect(typeof text).toBe('string');
    const answer = JSON.parse(text) as { ok: true; value: { patients: unknown[] } };
    expect(answer.value.patients).toHaveLength(3);
    expect(answer).toEqual(await window.invoke('patients.search', request));
  });

  it('carries refusals the same way (a result, never a thrown error)', async () => {
    expect(JSON.parse(await invokeAsJson(window, 'no.such', {}))).toEqual({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'Unknown request.' } });
    // A local-only channel (these answer with bytes) does not exist for a window.
    expect(JSON.parse(await invokeAsJson(window, 'photos.export', { photoId: 'b'.repeat(32), format: 'dicom' }))).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('finds bytes where they are (the check below is not blind)', () => {
    const local = channelEntries().find(([name]) => name === 'photos.export')!;
    expect(notJson(local[1].response)).toEqual(['.bytes: custom']);
  });

  it('every channel a window may call answers with values JSON carries unchanged', () => {
    const offenders = channelEntries()
      .filter(([, def]) => def.access.kind !== 'local')
      .flatMap(([name, def]) => notJson(def.response).map((where) => `${name} ${where}`));
    expect(offenders).toEqual([]);
  });
});
