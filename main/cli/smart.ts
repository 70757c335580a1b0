// `smart client`: the administrator registers this workstation's SMART client id for a FHIR
// target (the id the EHR's authorization server issued to it; a public client has no secret), or
// clears it, or lists the FHIR targets with theirs. Everything is checked by the core.
import type { DeliveryTarget } from '../../shared/channels/delivery';
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, EXIT_OK, UsageError, expectOk, subcommandError } from './errors';
import { t } from './i18n';
import { openWorkstation, signIn } from './workstation';

export const smartUsage = (): string => t('usage.smart');

const spec = {
  usage: smartUsage,
  options: { 'data-dir': { type: 'string' }, user: { type: 'string' }, target: { type: 'string' }, 'client-id': { type: 'string' }, clear: { type: 'boolean' } },
  required: ['data-dir', 'user'],
} as const satisfies CommandSpec<Record<string, { type: 'string' } | { type: 'boolean' }>>;

export async function runSmart(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'client') throw subcommandError('smart', sub, smartUsage());
  const parsed = parseCommand(rest, spec);
  if (parsed === 'help') {
    process.stdout.write(smartUsage());
    return EXIT_OK;
  }
  const { values } = parsed;
  const clientId = values['client-id'];
  const clear = parsed.flags.has('clear');
  if (clientId !== undefined && clear) throw new UsageError(t('smart.clientIdOrClear'), smartUsage());
  if ((clientId !== undefined || clear) && !values.target) throw new UsageError(t('smart.targetRequired'), smartUsage());
  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    await signIn(ws, required(values, 'user'));
    const targets = expectOk<DeliveryTarget[]>(await ws.client.api.delivery.listTargets({})).filter((t) => t.kind === 'fhir');
    if (clientId !== undefined || clear) {
      const target = targets.find((t) => t.id === values.target || t.name === values.target);
      if (!target) throw new CliError(t('smart.noTarget'));
      expectOk(await ws.client.api.smart.configure({ targetId: target.id, clientId: clear ? null : clientId! }));
    }
    const clients = new Map(expectOk<Array<{ targetId: string; clientId: string }>>(await ws.client.api.smart.clients({})).map((c) => [c.targetId, c.clientId]));
    for (const t of targets) process.stdout.write(`${t.id}\t${t.name}\t${t.baseUrl}\t${clients.get(t.id) ?? '-'}\n`);
    return EXIT_OK;
  });
}
