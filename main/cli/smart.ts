// `smart client`: the administrator registers this workstation's SMART client id for a FHIR
// target (the id the EHR's authorization server issued to it; a public client has no secret), or
// clears it, or lists the FHIR targets with theirs. Everything is checked by the core.
import type { DeliveryTarget } from '../../shared/channels/delivery';
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, EXIT_OK, UsageError, expectOk } from './errors';
import { openWorkstation, signIn } from './workstation';

export const SMART_USAGE = `Usage: smart client --data-dir DIR --user USER [--target ID|NAME] [--client-id ID | --clear]

Signs in as USER (administrator) and sets, clears or (without --client-id and --clear) shows the
SMART App Launch client id of the FHIR targets. Prints one tab-separated line per FHIR target:
  target-id  name  base-url  client-id (or -)

Options:
  --data-dir DIR      Workstation data directory
  --user USER         Your username
  --target ID|NAME    The FHIR delivery target (its id or its name); needed with --client-id/--clear
  --client-id ID      The client id the EHR's SMART server registered for this workstation
  --clear             Remove the client id (SMART launches at this target are then refused)
  -h, --help          Show this help
`;

const spec = {
  usage: SMART_USAGE,
  options: { 'data-dir': { type: 'string' }, user: { type: 'string' }, target: { type: 'string' }, 'client-id': { type: 'string' }, clear: { type: 'boolean' } },
  required: ['data-dir', 'user'],
} as const satisfies CommandSpec<Record<string, { type: 'string' } | { type: 'boolean' }>>;

export async function runSmart(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'client') throw new UsageError(sub === undefined ? 'missing smart subcommand' : `unknown smart subcommand '${sub}'`, SMART_USAGE);
  const parsed = parseCommand(rest, spec);
  if (parsed === 'help') {
    process.stdout.write(SMART_USAGE);
    return EXIT_OK;
  }
  const { values } = parsed;
  const clientId = values['client-id'];
  const clear = parsed.flags.has('clear');
  if (clientId !== undefined && clear) throw new UsageError('give --client-id or --clear, not both', SMART_USAGE);
  if ((clientId !== undefined || clear) && !values.target) throw new UsageError('--target is required with --client-id or --clear', SMART_USAGE);
  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    await signIn(ws, required(values, 'user'));
    const targets = expectOk<DeliveryTarget[]>(await ws.client.api.delivery.listTargets({})).filter((t) => t.kind === 'fhir');
    if (clientId !== undefined || clear) {
      const target = targets.find((t) => t.id === values.target || t.name === values.target);
      if (!target) throw new CliError('no FHIR target has this id or name');
      expectOk(await ws.client.api.smart.configure({ targetId: target.id, clientId: clear ? null : clientId! }));
    }
    const clients = new Map(expectOk<Array<{ targetId: string; clientId: string }>>(await ws.client.api.smart.clients({})).map((c) => [c.targetId, c.clientId]));
    for (const t of targets) process.stdout.write(`${t.id}\t${t.name}\t${t.baseUrl}\t${clients.get(t.id) ?? '-'}\n`);
    return EXIT_OK;
  });
}
