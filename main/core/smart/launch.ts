// One SMART App Launch, as a native app does it (SMART App Launch 2.x; RFC 8252): discover the
// EHR's endpoints, open the authorization request in the system browser with a fresh `state` and
// a PKCE S256 challenge, receive the answer on a one-shot loopback listener, check the state,
// redeem the code with the verifier, keep the tokens in the vault, and match the launch context's
// patient against the local records with the two-identifier safeguard. The window polls
// `smart.status` for the outcome; the renderer then opens the patient (or asks to register them).
import { randomUUID } from 'node:crypto';
import type { SmartFlow } from '../../../shared/channels/ehr';
import { CoreError, isCoreError } from '../../../shared/errors';
import { recordAudit } from '../audit/audit';
import { writeTransaction } from '../db/write';
import { fhirGet, fhirTargetFor } from '../ehr/fhir-source';
import { matchLocally, patientFacts, type FhirPatientResource } from '../ehr/patient-match';
import { mrnSystem } from '../interop/settings';
import type { CallContext } from '../router';
import type { ClientState, CoreServices } from '../services';
import { cleanReason } from '../sync/http';
import { enabledTargets, type TargetConfig } from '../sync/targets';
import { discoverSmart, requestToken, type SmartEndpoints } from './endpoints';
import { startLoopbackRedirect, type LoopbackRedirect } from './loopback';
import { newPkce, newState, sameState, type Pkce } from './pkce';
import type { FlowRecord } from './service';
import { saveTokens, smartClientId } from './token-store';

/** What the workstation asks for: read access to the patient's record, identity, a refresh token. */
const EHR_SCOPE = 'launch openid fhirUser offline_access patient/*.read';
const STANDALONE_SCOPE = 'launch/patient openid fhirUser offline_access patient/*.read';

/** The enabled FHIR target whose base URL is the launch's `iss`; any other issuer is refused. */
function targetForIssuer(targets: readonly TargetConfig[], iss: string): TargetConfig {
  const target = targets.find((t) => t.kind === 'fhir' && t.baseUrl === iss);
  if (!target) throw new CoreError('SMART_LAUNCH_FAILED', 'The launch came from an EHR that is not configured on this workstation; it was refused.');
  return target;
}

export async function beginLaunch(s: CoreServices, ctx: CallContext, req: { targetId?: string; ehr: boolean }): Promise<SmartFlow> {
  try {
    return await startLaunch(s, ctx, req);
  } catch (error) {
    // A launch refused before the browser opened (unknown issuer, no client id, discovery failed)
    // is recorded too: an EHR launch from an unexpected issuer is worth a privacy officer's look.
    s.audit({ userId: s.actor(ctx).user.id, action: 'smart.launch', outcome: 'failure', detail: `${isCoreError(error) ? error.code : 'INTERNAL'};kind=${req.ehr ? 'ehr' : 'standalone'}` });
    throw error;
  }
}

async function startLaunch(s: CoreServices, ctx: CallContext, req: { targetId?: string; ehr: boolean }): Promise<SmartFlow> {
  const user = s.actor(ctx).user;
  const client = s.client(ctx);
  const { db } = s.workspace();
  let target: TargetConfig;
  let launch: string | null = null;
  if (req.ehr) {
    const pending = s.smart.takePendingLaunch();
    if (!pending) throw new CoreError('VALIDATION_FAILED', 'No launch from the EHR is waiting.');
    target = targetForIssuer(enabledTargets(db), pending.iss);
    launch = pending.launch;
  } else {
    target = fhirTargetFor(db, req.targetId);
  }
  const clientId = smartClientId(db, target.id);
  if (!clientId) throw new CoreError('SMART_LAUNCH_FAILED', 'This workstation is not registered with the EHR’s SMART server. An administrator sets its client id.');
  const browser = s.smart.browser;
  if (!browser) throw new CoreError('SMART_LAUNCH_FAILED', 'This shell cannot open the system browser.');
  const endpoints = await discoverSmart(target);

  const pkce = newPkce();
  const state = newState();
  const redirect = await startLoopbackRedirect(s.smart.redirectTimeoutMs);
  const url = new URL(endpoints.authorizationEndpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirect.redirectUri,
    scope: launch ? EHR_SCOPE : STANDALONE_SCOPE,
    state,
    aud: target.baseUrl,
    code_challenge: pkce.challenge,
    code_challenge_method: pkce.method,
    ...(launch ? { launch } : {}),
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);

  const id = randomUUID();
  const record: FlowRecord = { public: { id, state: 'waiting', message: null, patient: null, encounter: null }, redirect };
  s.smart.setFlow(client, record);
  const finish = complete(s, client, user.id, { target, clientId, endpoints, pkce, state, redirect, ehr: launch !== null })
    .then((done) => {
      record.public = { ...done, id };
    })
    .catch((error: unknown) => {
      const code = isCoreError(error) ? error.code : 'INTERNAL';
      record.public = { id, state: 'failed', message: isCoreError(error) ? error.message : 'The sign-in at the EHR failed.', patient: null, encounter: null };
      if (s.isOpen()) s.audit({ userId: user.id, action: 'smart.launch', outcome: 'failure', detail: `${code};target=${target.id}` });
      if (!isCoreError(error)) s.log.error('smart.launch-failed', error);
    })
    .finally(() => {
      record.redirect = null;
      redirect.close();
    });
  s.smart.track(finish);
  try {
    await browser.open(url.toString());
  } catch {
    redirect.close();
    throw new CoreError('SMART_LAUNCH_FAILED', 'The system browser could not be opened.');
  }
  return record.public;
}

interface Pending {
  readonly target: TargetConfig;
  readonly clientId: string;
  readonly endpoints: SmartEndpoints;
  readonly pkce: Pkce;
  readonly state: string;
  readonly redirect: LoopbackRedirect;
  readonly ehr: boolean;
}

async function complete(s: CoreServices, client: ClientState, userId: string, p: Pending): Promise<Omit<SmartFlow, 'id'>> {
  const query = await p.redirect.response;
  // The state first: an answer to some other request (a forged or replayed redirect) is dropped
  // before its code goes anywhere.
  if (!sameState(p.state, query.get('state'))) {
    throw new CoreError('SMART_LAUNCH_FAILED', 'The answer from the EHR did not belong to this sign-in (state mismatch); it was refused.');
  }
  const error = query.get('error');
  if (error) throw new CoreError('SMART_LAUNCH_FAILED', cleanReason(`The EHR did not authorize the app (${error}).`, 120));
  const code = query.get('code');
  if (!code) throw new CoreError('SMART_LAUNCH_FAILED', 'The EHR answered without an authorization code.');
  const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: p.redirect.redirectUri, client_id: p.clientId, code_verifier: p.pkce.verifier });
  const tokens = await requestToken(p.target, p.endpoints.tokenEndpoint, form);

  // The browser may have taken minutes: keep the tokens only for the user who is still here.
  if (!s.isOpen() || client.session?.user.id !== userId) {
    s.smart.revokeLater([{ target: p.target, clientId: p.clientId, endpoint: p.endpoints.revocationEndpoint, tokens: [[tokens.refreshToken, 'refresh_token'], [tokens.accessToken, 'access_token']] }]);
    throw new CoreError('SMART_LAUNCH_FAILED', 'You signed out before the EHR answered; its tokens were discarded.');
  }
  const { db } = s.workspace();
  const at = s.clock();
  writeTransaction(db, () => {
    saveTokens(
      db,
      {
        userId,
        targetId: p.target.id,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: new Date(at.getTime() + tokens.expiresIn * 1000).toISOString(),
        scope: tokens.scope,
        tokenEndpoint: p.endpoints.tokenEndpoint,
        revocationEndpoint: p.endpoints.revocationEndpoint,
      },
      at,
    );
    recordAudit(db, at, { userId, action: 'smart.launch', outcome: 'success', detail: `target=${p.target.id};kind=${p.ehr ? 'ehr' : 'standalone'};context=${tokens.patient ? 'patient' : 'none'}` });
  });

  if (!tokens.patient) return { state: 'done', message: null, patient: null, encounter: tokens.encounter };
  const resource = (await fhirGet(p.target, tokens.accessToken, `Patient/${encodeURIComponent(tokens.patient)}`)) as unknown as FhirPatientResource;
  if (resource.resourceType !== 'Patient') throw new CoreError('EHR_UNAVAILABLE', 'The EHR answered the launch patient with something that is not a Patient.');
  return { state: 'done', message: null, patient: matchLocally(db, patientFacts(resource, mrnSystem(db))), encounter: tokens.encounter };
}
