// `consent add|withdraw|list`: a scanned paper consent recorded with its choices (for clinics moving
// from paper), a withdrawal, and a patient's consents one per line. The core validates the scan,
// checks permission and patient access, seals the scan and audits; this file parses and prints.
import { promises as fs } from 'node:fs';
import { CONSENT_SCAN_MAX_BYTES } from '../../shared/channels/consent';
import { CONSENT_SCOPES, type ConsentRecord, type ConsentScope, type ScopeDecision } from '../../shared/consent';
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, EXIT_OK, expectOk, UsageError } from './errors';
import { t } from './i18n';
import { openWorkstation, signIn } from './workstation';

const SCOPE_LIST = CONSENT_SCOPES.join(', ');

export const consentAddUsage = (): string => t('usage.consentAdd', { maxMib: CONSENT_SCAN_MAX_BYTES / (1024 * 1024), scopes: SCOPE_LIST });

export const consentWithdrawUsage = (): string => t('usage.consentWithdraw');

export const consentListUsage = (): string => t('usage.consentList');

export const consentUsage = (): string => t('usage.consent');

const str = { type: 'string' } as const;

function scopeList(value: string | undefined, flag: string, usage: string): ConsentScope[] {
  if (value === undefined) return [];
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const item of items) {
    if (!(CONSENT_SCOPES as readonly string[]).includes(item)) throw new UsageError(t('consent.unknownUse', { flag, use: item, uses: SCOPE_LIST }), usage);
  }
  return items as ConsentScope[];
}

const today = () => new Date().toISOString().slice(0, 10);

async function add(args: readonly string[]): Promise<number> {
  const spec = {
    usage: consentAddUsage,
    options: { 'data-dir': str, user: str, mrn: str, scopes: str, refuse: str, expires: str, signed: str, scan: str },
    required: ['data-dir', 'user', 'mrn', 'scopes', 'scan'],
  } as const satisfies CommandSpec<Record<string, { type: 'string' }>>;
  const parsed = parseCommand(args, spec);
  if (parsed === 'help') return help(consentAddUsage());
  const { values } = parsed;
  const granted = scopeList(values.scopes, '--scopes', consentAddUsage());
  const refused = scopeList(values.refuse, '--refuse', consentAddUsage());
  const both = granted.filter((s) => refused.includes(s));
  if (both.length > 0) throw new UsageError(t('consent.grantedAndRefused', { uses: both.join(', ') }), consentAddUsage());
  const expiresOn = values.expires ?? null;
  const decisions: ScopeDecision[] = [
    ...granted.map((scope) => ({ scope, decision: 'grant' as const, expiresOn })),
    ...refused.map((scope) => ({ scope, decision: 'refuse' as const, expiresOn: null })),
  ];
  const file = required(values, 'scan');
  // Read before asking for the password: a wrong path should not cost a sign-in.
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) throw new CliError(t('consent.notAFile', { file }));
  if (stat.size > CONSENT_SCAN_MAX_BYTES) throw new CliError(t('consent.scanTooLarge', { file, max: CONSENT_SCAN_MAX_BYTES / (1024 * 1024) }));
  const scan = await fs.readFile(file);
  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    await signIn(ws, required(values, 'user'));
    const request = { mrn: required(values, 'mrn').trim(), decisions, signedOn: values.signed ?? today(), scan };
    const flags = { mrn: '--mrn', scan: '--scan', signedOn: '--signed', 'decisions.0.expiresOn': '--expires', decisions: '--scopes' };
    const consent = expectOk<ConsentRecord>(await ws.client.api.consent.recordPaperFile(request), flags);
    process.stdout.write(`${consent.id}\n`);
    return EXIT_OK;
  });
}

async function withdraw(args: readonly string[]): Promise<number> {
  const spec = {
    usage: consentWithdrawUsage,
    options: { 'data-dir': str, user: str, consent: str, scopes: str, reason: str },
    required: ['data-dir', 'user', 'consent'],
  } as const satisfies CommandSpec<Record<string, { type: 'string' }>>;
  const parsed = parseCommand(args, spec);
  if (parsed === 'help') return help(consentWithdrawUsage());
  const { values } = parsed;
  const scopes = scopeList(values.scopes, '--scopes', consentWithdrawUsage());
  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    await signIn(ws, required(values, 'user'));
    const request = { consentId: required(values, 'consent').trim(), ...(scopes.length > 0 ? { scopes } : {}), reason: values.reason ?? '' };
    const result = expectOk<{ consent: ConsentRecord; cancelledDeliveries: number; published: Array<{ photoId: string; targetName: string; purpose: string; deliveredAt: string }> }>(
      await ws.client.api.consent.withdraw(request),
      { consentId: '--consent', scopes: '--scopes', reason: '--reason' },
    );
    process.stdout.write(`${line(result.consent)}\n${t('consent.cancelledDeliveries', { count: result.cancelledDeliveries })}\n`);
    for (const p of result.published) process.stdout.write(`${t('consent.alreadyDelivered', { line: `${p.photoId}\t${p.purpose}\t${p.targetName}\t${p.deliveredAt}` })}\n`);
    return EXIT_OK;
  });
}

async function list(args: readonly string[]): Promise<number> {
  const spec = { usage: consentListUsage, options: { 'data-dir': str, user: str, mrn: str }, required: ['data-dir', 'user', 'mrn'] } as const satisfies CommandSpec<
    Record<string, { type: 'string' }>
  >;
  const parsed = parseCommand(args, spec);
  if (parsed === 'help') return help(consentListUsage());
  const { values } = parsed;
  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    await signIn(ws, required(values, 'user'));
    const consents = expectOk<ConsentRecord[]>(await ws.client.api.consent.listByMrn({ mrn: required(values, 'mrn').trim() }), { mrn: '--mrn' });
    for (const c of consents) process.stdout.write(`${line(c)}\n`);
    return EXIT_OK;
  });
}

/** `<id> <kind> <state> signed <date> education=granted@2027-01-01 marketing=refused` */
function line(c: ConsentRecord): string {
  const scopes = c.scopes.map((s) => `${s.scope}=${s.state}${s.expiresOn ? `@${s.expiresOn}` : ''}`).join(' ');
  return `${c.id}\t${c.kind}\t${c.state}\tsigned ${c.signedAt.slice(0, 10)}\t${scopes}`;
}

function help(text: string): number {
  process.stdout.write(text);
  return EXIT_OK;
}

export async function runConsent(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'add') return add(rest);
  if (sub === 'withdraw') return withdraw(rest);
  if (sub === 'list') return list(rest);
  if (sub === '--help' || sub === '-h') return help(consentUsage());
  throw new UsageError(sub === undefined ? t('missingConsentSubcommand') : t('unknownSubcommand', { command: 'consent', sub }), consentUsage());
}
