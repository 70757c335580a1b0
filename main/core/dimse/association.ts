// One DIMSE association as a promise, over dcmjs-dimse (pure JavaScript, no native part): connect
// to a peer (plain TCP to loopback only, TLS with certificate verification otherwise), send the
// requests, collect every response, release. The library's own logging is silenced: it prints
// datasets and AE titles, and the datasets carry patient names. Used by the worklist query and the
// C-STORE delivery (docs/interop.md, "DIMSE").
import { createRequire } from 'node:module';
import { CoreError } from '../../../shared/errors';
import { isLoopbackHost } from '../sync/targets';

type DimseModule = typeof import('dcmjs-dimse');
// The package is a CommonJS bundle whose typings declare named exports only: require() gives both.
const requireHere = createRequire(import.meta.url);
const dimse = requireHere('dcmjs-dimse') as DimseModule;
dimse.log.setLevel('silent');
// The library parses with its own copy of dcmjs, whose warnings can quote element values.
(createRequire(requireHere.resolve('dcmjs-dimse'))('dcmjs') as { log: { setLevel(level: string): void } }).log.setLevel('silent');

export { dimse };
export type DimseRequest = InstanceType<DimseModule["requests"]["CFindRequest"]> | InstanceType<DimseModule["requests"]["CStoreRequest"]> | InstanceType<DimseModule["requests"]["CEchoRequest"]> | InstanceType<DimseModule["requests"]["NActionRequest"]>;
export type DimseResponse = InstanceType<DimseModule['responses']['CFindResponse']> | InstanceType<DimseModule['responses']['CStoreResponse']> | InstanceType<DimseModule['responses']['CEchoResponse']> | InstanceType<DimseModule['responses']['NActionResponse']>;

/** Where a DIMSE peer is and who we are towards it. */
export interface DimsePeer {
  readonly host: string;
  readonly port: number;
  readonly calledAe: string;
  readonly callingAe: string;
  /** PEM of the CA to trust for TLS; null = plain TCP (loopback only). */
  readonly tlsCaPem: string | null;
}

/** An AE title: 1–16 characters of printable ASCII without backslash, not all spaces (PS3.5 AE VR). */
export function checkAeTitle(value: string, field: string): string {
  const ae = value.trim();
  if (!/^[\x20-\x5b\x5d-\x7e]{1,16}$/.test(ae)) {
    throw new CoreError('VALIDATION_FAILED', 'An AE title is 1 to 16 letters, digits or symbols (no backslash).', { [field]: 'must be 1 to 16 ASCII characters' });
  }
  return ae;
}

/** A host name or IP address, nothing URL-like. */
export function checkHost(value: string, field = 'host'): string {
  const host = value.trim();
  if (!/^[A-Za-z0-9.:[\]-]{1,253}$/.test(host)) throw new CoreError('VALIDATION_FAILED', 'Enter a host name or IP address.', { [field]: 'must be a host name or IP address' });
  return host;
}

/** Plain DIMSE carries patient data in the clear: only to this computer, like plain http. */
export function checkTransport(host: string, tlsCaPem: string | null | undefined, field = 'host'): void {
  if (!tlsCaPem && !isLoopbackHost(host)) {
    throw new CoreError('INSECURE_TARGET', 'Plain DICOM is allowed only to this computer (127.0.0.1, ::1, localhost); configure TLS with the CA to trust.', {
      [field]: 'needs TLS',
    });
  }
}

/** PS3.7 C.4.1.1.4: 0xFF00 pending, 0xFF01 pending with optional keys unsupported. */
export const isPending = (status: number): boolean => status === 0xff00 || status === 0xff01;

/** Why an association failed, for the person reading the delivery state or the CLI: no PHI. */
export class DimseError extends Error {
  constructor(
    message: string,
    /** True when trying again later may succeed (no connection, timeout, peer busy). */
    readonly transient: boolean,
  ) {
    super(message);
  }
}

export interface AssociationOptions {
  readonly timeoutMs?: number;
  /** Aborts the association (the sync worker is stopping). */
  readonly signal?: AbortSignal;
}

/**
 * Runs `requests` on one association and resolves with each request's responses (pending ones
 * included, in arrival order). Rejects with a DimseError when the association is rejected or
 * aborted, the connection fails or the peer does not answer every request.
 */
export function runAssociation(peer: DimsePeer, requests: DimseRequest[], options: AssociationOptions = {}): Promise<DimseResponse[][]> {
  checkTransport(peer.host, peer.tlsCaPem);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const client = new dimse.Client();
  const responses: DimseResponse[][] = requests.map(() => []);
  const finished = requests.map(() => false);
  requests.forEach((request, i) => {
    request.on('response', (response: DimseResponse) => {
      responses[i]!.push(response);
      if (!isPending(response.getStatus())) finished[i] = true;
    });
    client.addRequest(request);
  });
  return new Promise((resolve, reject) => {
    let failure: DimseError | null = null;
    const fail = (error: DimseError) => (failure ??= error);
    const onAbort = () => {
      fail(new DimseError('The association was stopped by this workstation.', true));
      client.abort();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    client.on('associationRejected', (reject: { result: number; reason: number }) => {
      // PS3.8 9.3.4: result 2 is "rejected-transient"; reason 7 (service user) "called AE title not recognized", 3 "calling AE title not recognized".
      const why = reject.reason === 7 ? 'the called AE title is not recognized' : reject.reason === 3 ? 'this station\'s calling AE title is not recognized' : `reason ${reject.reason}`;
      fail(new DimseError(`The DICOM peer rejected the association: ${why}.`, reject.result === 2));
    });
    client.on('associationAborted', () => fail(new DimseError('The DICOM peer aborted the association (is this station\'s AE title registered there?).', false)));
    client.on('networkError', (error: Error) => fail(new DimseError(networkReason(error), true)));
    client.on('closed', () => {
      options.signal?.removeEventListener('abort', onAbort);
      if (failure) reject(failure);
      else if (!finished.every(Boolean)) reject(new DimseError('The DICOM peer closed the association before answering (the service or transfer syntax may not be accepted).', true));
      else resolve(responses);
    });
    const security = peer.tlsCaPem ? { securityOptions: { ca: peer.tlsCaPem, rejectUnauthorized: true, minVersion: 'TLSv1.2' } } : {};
    client.send(peer.host, peer.port, peer.callingAe, peer.calledAe, {
      connectTimeout: timeoutMs,
      associationTimeout: timeoutMs,
      pduTimeout: timeoutMs,
      datasetWriteOptions: { fragmentMultiframe: false },
      ...security,
    });
  });
}

/** The connection failure, named by its code or a fixed phrase only (the message may carry addresses). */
function networkReason(error: Error): string {
  const message = error.message ?? '';
  const code = /\b(E[A-Z]{3,}|ERR_[A-Z_]+|[A-Z_]*CERT[A-Z_]*|SELF_SIGNED[A-Z_]*|UNABLE_TO_[A-Z_]+)\b/.exec(`${(error as { code?: string }).code ?? ''} ${message}`)?.[1];
  // The library passes Node's TLS failure on as text ("unable to verify the first certificate", "self-signed certificate in certificate chain").
  if ((code && /CERT|SELF_SIGNED|UNABLE_TO|TLS|SSL/.test(code)) || /certificate|self[- ]signed|unable to verify/i.test(message)) {
    return `The DICOM peer's certificate was not trusted (${code ?? 'certificate verification failed'}).`;
  }
  return `Could not reach the DICOM peer (${code ?? 'network error'}).`;
}
