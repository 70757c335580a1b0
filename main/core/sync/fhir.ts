// Delivery of one photo to a FHIR R4 server: the transaction Bundle (DocumentReference + Binary,
// linked to Patient and Encounter) sent as a conditional create by the DocumentReference's
// identifier, then the DocumentReference and its Binary read back and the image's SHA-256
// compared with the photo's. A search by identifier before sending makes a resend after a crash
// find the first copy instead of writing a second one.
import { createHash } from 'node:crypto';
import { DeliveryError, TargetClient, expectOk } from './http';

const FHIR_JSON = 'application/fhir+json';

interface Identifier {
  system?: string;
  value?: string;
}
interface BundleEntry {
  fullUrl?: string;
  resource?: { resourceType?: string; id?: string; identifier?: Identifier[] } & Record<string, unknown>;
  request?: { method?: string; url?: string; ifNoneExist?: string };
}
export interface FhirBundle {
  resourceType: 'Bundle';
  type: string;
  entry?: BundleEntry[];
}

function parseJson(body: Buffer, what: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the named error
  }
  throw new DeliveryError(`${what}: the server's reply was not FHIR JSON.`, false);
}

/** The DocumentReference's identifier as a token search value `system|value`. */
export function documentIdentifier(bundle: FhirBundle): string {
  const doc = bundle.entry?.find((e) => e.resource?.resourceType === 'DocumentReference')?.resource;
  const id = doc?.identifier?.find((i) => i.system && i.value);
  if (!id) throw new DeliveryError('The FHIR bundle has no DocumentReference identifier to make its delivery idempotent.', false);
  return `${id.system}|${id.value}`;
}

async function findDocument(client: TargetClient, token: string): Promise<string | null> {
  const reply = expectOk(await client.request('GET', `DocumentReference?identifier=${encodeURIComponent(token)}`, { accept: FHIR_JSON }), 'FHIR search');
  const bundle = parseJson(reply.body, 'FHIR search') as { entry?: Array<{ resource?: { id?: string } }> };
  const ids = (bundle.entry ?? []).map((e) => e.resource?.id).filter((x): x is string => typeof x === 'string');
  if (ids.length > 1) throw new DeliveryError(`FHIR: ${ids.length} DocumentReferences carry this photo's identifier.`, false);
  return ids[0] ?? null;
}

/**
 * Sends the bundle unless the server already holds the document; returns the DocumentReference id.
 * A corrected photo's bundle (conditional updates, interop/fhir/bundle.ts) is always sent: the
 * server holding the document is the reason to send it, and a repeated update changes nothing.
 */
export async function sendFhirBundle(client: TargetClient, bundle: FhirBundle): Promise<string> {
  const token = documentIdentifier(bundle);
  const corrects = (bundle.entry ?? []).some((e) => e.request?.method === 'PUT');
  const existing = corrects ? null : await findDocument(client, token);
  if (existing) return existing;
  const conditional: FhirBundle = {
    ...bundle,
    entry: (bundle.entry ?? []).map((e) =>
      e.resource?.resourceType === 'DocumentReference' && e.request?.method === 'POST' && !e.request.ifNoneExist
        ? { ...e, request: { ...e.request, ifNoneExist: `identifier=${token}` } }
        : e,
    ),
  };
  const reply = expectOk(await client.request('POST', '', { 'content-type': FHIR_JSON, accept: FHIR_JSON }, Buffer.from(JSON.stringify(conditional))), 'FHIR transaction');
  parseJson(reply.body, 'FHIR transaction');
  const id = await findDocument(client, token);
  if (!id) throw new DeliveryError('FHIR: the transaction was accepted but the DocumentReference cannot be found.', true);
  return id;
}

/** Reads the DocumentReference and its Binary back; returns the SHA-256 of the image the server holds. */
export async function readBackDocument(client: TargetClient, documentId: string): Promise<string> {
  const doc = parseJson(expectOk(await client.request('GET', `DocumentReference/${encodeURIComponent(documentId)}`, { accept: FHIR_JSON }), 'FHIR read').body, 'FHIR read') as {
    content?: Array<{ attachment?: { url?: string; data?: string } }>;
  };
  const attachment = doc.content?.[0]?.attachment;
  let data = attachment?.data;
  if (!data && attachment?.url) {
    const ref = /^(?:.*\/)?Binary\/([A-Za-z0-9\-.]{1,64})$/.exec(attachment.url);
    if (!ref) throw new DeliveryError('FHIR: the DocumentReference does not point at a Binary.', false);
    const binary = parseJson(expectOk(await client.request('GET', `Binary/${ref[1]}`, { accept: FHIR_JSON }), 'FHIR read Binary').body, 'FHIR read Binary') as { data?: string };
    data = binary.data;
  }
  if (typeof data !== 'string') throw new DeliveryError('FHIR: the stored document has no image data.', false);
  return createHash('sha256').update(Buffer.from(data, 'base64')).digest('hex');
}

export async function probeFhir(client: TargetClient): Promise<string> {
  const reply = expectOk(await client.request('GET', 'DocumentReference?_count=1', { accept: FHIR_JSON }), 'FHIR search');
  parseJson(reply.body, 'FHIR search');
  return 'Connected: the FHIR server answered a search.';
}
