// `consent add|withdraw|list`: a scanned paper consent recorded with its choices (for clinics moving
// from paper), a withdrawal, and a patient's consents one per line. The core validates the scan,
// checks permission and patient access, seals the scan and audits; this file parses and prints.
import { promises as fs } from 'node:fs';
import { CONSENT_SCAN_MAX_BYTES } from '../../shared/channels/consent';
import { CONSENT_SCOPES, type ConsentRecord, type ConsentScope, type ScopeDecision } from '../../shared/consent';
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, EXIT_OK, expectOk, UsageError } from './errors';
import { openWorkstation, signIn } from './workstation';

const SCOPE_LIST = CONSENT_SCOPES.join(', ');

export const CONSENT_ADD_USAGE = `Usage: consent add --data-dir DIR --user USER --mrn MRN --scopes LIST [--refuse LIST]
                   [--expires YYYY-MM-DD] [--signed YYYY-MM-DD] --scan FILE

Records a scanned paper consent (a PDF, JPEG or PNG of at most ${CONSENT_SCAN_MAX_BYTES / (1024 * 1024)} MiB) with the
uses the patient granted (--scopes) and refused (--refuse), comma-separated, from:
  ${SCOPE_LIST}
--expires sets the last day of every granted use; --signed the date on the form
(default today). The scan is sealed like a photo; the record is audited.
Prints the new consent's id.

Options:
  --data-dir DIR   Workstation data directory
  --user USER      Your username (needs the consent.record permission)
  --mrn MRN        The patient's medical record number
  --scopes LIST    Uses granted
  --refuse LIST    Uses refused
  --expires DATE   Last day of the granted uses
  --signed DATE    The date the form was signed
  --scan FILE      The scanned form
  -h, --help       Show this help
`;

export const CONSENT_WITHDRAW_USAGE = `Usage: consent withdraw --data-dir DIR --user USER --consent ID [--scopes LIST] [--reason TEXT]

Withdraws the consent's granted uses (all, or those in --scopes). Forward-only.
Queued deliveries for the withdrawn uses (other than clinical) are cancelled;
photos already delivered for them are printed, one per line, for follow-up.

Options:
  --data-dir DIR   Workstation data directory
  --user USER      Your username (needs the consent.record permission)
  --consent ID     The consent's id (as printed by consent add or consent list)
  --scopes LIST    Only these uses, comma-separated
  --reason TEXT    Why (kept in the audit trail)
  -h, --help       Show this help
`;

export const CONSENT_LIST_USAGE = `Usage: consent list --data-dir DIR --user USER --mrn MRN

Prints one line per consent, newest first:
  <id> <kind> <state> signed <date> <scope>=<state>[@<expiry>] ...

Options:
  --data-dir DIR   Workstation data directory
  --user USER      Your username (needs the consent.read permission)
  --mrn MRN        The patient's medical record number
  -h, --help       Show this help
`;

export const CONSENT_USAGE = `Usage: consent add|withdraw|list [options]   (see 'consent <sub> --help')\n`;

const str = { type: 'string' } as const;

function scopeList(value: string | undefined, flag: string, usage: string): ConsentScope[] {
  if (value === undefined) return [];
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const item of items) {
    if (!(CONSENT_SCOPES as readonly string[]).includes(item)) throw new UsageError(`${flag}: unknown use '${item}' (one of ${SCOPE_LIST})`, usage);
  }
  return items as ConsentScope[];
}

const today = () => new Date().toISOString().slice(0, 10);

async function add(args: readonly string[]): Promise<number> {
  const spec = {
    usage: CONSENT_ADD_USAGE,
    options: { 'data-dir': str, user: str, mrn: str, scopes: str, refuse: str, expires: str, signed: str, scan: str },
    required: ['data-dir', 'user', 'mrn', 'scopes', 'scan'],
  } as const satisfies CommandSpec<Record<string, { type: 'string' }>>;
  const parsed = parseCommand(args, spec);
  if (parsed === 'help') return help(CONSENT_ADD_USAGE);
  const { values } = parsed;
  const granted = scopeList(values.scopes, '--scopes', CONSENT_ADD_USAGE);
  const refused = scopeList(values.refuse, '--refuse', CONSENT_ADD_USAGE);
  const both = granted.filter((s) => refused.includes(s));
  if (both.length > 0) throw new UsageError(`${both.join(', ')} cannot be both granted and refused`, CONSENT_ADD_USAGE);
  const expiresOn = values.expires ?? null;
  const decisions: ScopeDecision[] = [
    ...granted.map((scope) => ({ scope, decision: 'grant' as const, expiresOn })),
    ...refused.map((scope) => ({ scope, decision: 'refuse' as const, expiresOn: null })),
  ];
  const file = required(values, 'scan');
  // Read before asking for the password: a wrong path should not cost a sign-in.
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) throw new CliError(`cannot read ${file}: not a file`);
  if (stat.size > CONSENT_SCAN_MAX_BYTES) throw new CliError(`${file} is larger than ${CONSENT_SCAN_MAX_BYTES / (1024 * 1024)} MiB`);
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
    usage: CONSENT_WITHDRAW_USAGE,
    options: { 'data-dir': str, user: str, consent: str, scopes: str, reason: str },
    required: ['data-dir', 'user', 'consent'],
  } as const satisfies CommandSpec<Record<string, { type: 'string' }>>;
  const parsed = parseCommand(args, spec);
  if (parsed === 'help') return help(CONSENT_WITHDRAW_USAGE);
  const { values } = parsed;
  const scopes = scopeList(values.scopes, '--scopes', CONSENT_WITHDRAW_USAGE);
  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    await signIn(ws, required(values, 'user'));
    const request = { consentId: required(values, 'consent').trim(), ...(scopes.length > 0 ? { scopes } : {}), reason: values.reason ?? '' };
    const result = expectOk<{ consent: ConsentRecord; cancelledDeliveries: number; published: Array<{ photoId: string; targetName: string; purpose: string; deliveredAt: string }> }>(
      await ws.client.api.consent.withdraw(request),
      { consentId: '--consent', scopes: '--scopes', reason: '--reason' },
    );
    process.stdout.write(`${line(result.consent)}\ncancelled deliveries: ${result.cancelledDeliveries}\n`);
    for (const p of result.published) process.stdout.write(`already delivered: ${p.photoId}\t${p.purpose}\t${p.targetName}\t${p.deliveredAt}\n`);
    return EXIT_OK;
  });
}

async function list(args: readonly string[]): Promise<number> {
  const spec = { usage: CONSENT_LIST_USAGE, options: { 'data-dir': str, user: str, mrn: str }, required: ['data-dir', 'user', 'mrn'] } as const satisfies CommandSpec<
    Record<string, { type: 'string' }>
  >;
  const parsed = parseCommand(args, spec);
  if (parsed === 'help') return help(CONSENT_LIST_USAGE);
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
  if (sub === '--help' || sub === '-h') return help(CONSENT_USAGE);
  throw new UsageError(sub === undefined ? 'missing consent subcommand (add, withdraw or list)' : `unknown consent subcommand '${sub}'`, CONSENT_USAGE);
}
