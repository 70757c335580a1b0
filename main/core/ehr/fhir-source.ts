// Which FHIR server the EHR look-ups ask, and how: a FHIR delivery target the administrator has
// configured (so the same URL policy, pinned CA and credentials apply as for delivery), read with
// the signed-in user's SMART access token when they hold one for it, else with the target's own
// credentials. Reads only; replies are parsed as JSON objects and nothing else.
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { cleanReason, DeliveryError, TargetClient } from '../sync/http';
import { enabledTargets, getTargetConfig, type TargetConfig } from '../sync/targets';

const FHIR_JSON = 'application/fhir+json';
const TIMEOUT_MS = 20_000;

/** The FHIR target named, or the only enabled one; NOT_FOUND / VALIDATION_FAILED otherwise. */
export function fhirTargetFor(db: Db, targetId?: string): TargetConfig {
  if (targetId) {
    const target = getTargetConfig(db, targetId);
    if (target.kind !== 'fhir' || !target.enabled) throw new CoreError('VALIDATION_FAILED', 'That target is not an enabled FHIR server.', { targetId: 'must be an enabled FHIR target' });
    return target;
  }
  const fhir = enabledTargets(db).filter((t) => t.kind === 'fhir');
  if (fhir.length === 0) throw new CoreError('NOT_FOUND', 'No FHIR server is configured. An administrator adds it under Delivery.');
  if (fhir.length > 1) throw new CoreError('VALIDATION_FAILED', 'Several FHIR servers are configured: choose one.', { targetId: 'is required' });
  return fhir[0]!;
}

export type FhirJson = Record<string, unknown>;

/** GETs one FHIR path (relative to the base) and returns the JSON object it answers. */
export async function fhirGet(target: TargetConfig, accessToken: string | null, path: string): Promise<FhirJson> {
  const config: TargetConfig = accessToken ? { ...target, authKind: 'bearer', username: null, secret: accessToken } : target;
  const client = new TargetClient(config, TIMEOUT_MS);
  try {
    const reply = await client.request('GET', path, { accept: FHIR_JSON });
    if (reply.status === 401 || reply.status === 403) throw new CoreError('EHR_UNAVAILABLE', `The EHR refused the request (HTTP ${reply.status}). Sign in to the EHR again.`);
    if (reply.status === 404) throw new CoreError('NOT_FOUND', 'The EHR has no such record.');
    if (reply.status !== 200) throw new CoreError('EHR_UNAVAILABLE', cleanReason(`The EHR answered HTTP ${reply.status}.`));
    const parsed = JSON.parse(reply.body.toString('utf8')) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CoreError('EHR_UNAVAILABLE', 'The EHR did not answer with FHIR JSON.');
    return parsed as FhirJson;
  } catch (error) {
    if (error instanceof DeliveryError) throw new CoreError('EHR_UNAVAILABLE', `The EHR did not answer: ${error.reason}`);
    if (error instanceof SyntaxError) throw new CoreError('EHR_UNAVAILABLE', 'The EHR did not answer with FHIR JSON.');
    throw error;
  } finally {
    client.close();
  }
}

/** The resources of one type in a searchset Bundle, and whether the server has more pages. */
export function bundleResources<T>(bundle: FhirJson, resourceType: string): { resources: T[]; more: boolean } {
  const entries = Array.isArray(bundle.entry) ? (bundle.entry as Array<{ resource?: { resourceType?: string } }>) : [];
  const links = Array.isArray(bundle.link) ? (bundle.link as Array<{ relation?: string }>) : [];
  return {
    resources: entries.map((e) => e.resource).filter((r): r is { resourceType: string } => r?.resourceType === resourceType) as T[],
    more: links.some((l) => l.relation === 'next'),
  };
}
