// How delivery state reads to a person: a word per state, and for a delivery that waits on
// something other than the network (a held capture, an upload to take over, a photo the consent
// gate holds) its reason instead of "queued" or "delivering". Pure (the words come from the
// catalogue through the `t` passed in), so the core's states and these words are tested together.
import type { DeliveryState, DeliveryWait, PhotoDelivery, SyncStatus, TARGET_KINDS } from '../../../../shared/channels/delivery';
import type { Translate } from '../../i18n';

type T = Translate;

/** The protocols' own names, the same in every language (a target's kind on the delivery screen). */
export const TARGET_KIND_NAMES: Readonly<Record<(typeof TARGET_KINDS)[number], string>> = { dicomweb: 'DICOMweb', fhir: 'FHIR R4', dimse: 'DICOM C-STORE' };

export const DELIVERY_STATES: readonly DeliveryState[] = ['queued', 'in_flight', 'delivered', 'verified', 'failed'];
const WAITS: readonly DeliveryWait[] = ['held', 'takeover', 'consent'];

export const stateLabel = (t: T, state: DeliveryState): string => t(`delivery.state.${state}`);

/**
 * A delivery that waits on something other than the network says why, instead of reading as
 * queued or delivering: `short` for a badge, `reason` for the delivery screen and screen readers.
 */
export const waitShort = (t: T, wait: DeliveryWait): string => t(`delivery.wait.${wait}.short`);
export const waitReason = (t: T, wait: DeliveryWait): string => t(`delivery.wait.${wait}.reason`);

/** How one delivery reads: its wait, if it waits on something other than the network, else its state. */
export const deliveryLabel = (t: T, d: Pick<PhotoDelivery, 'state' | 'waitingFor'>): string => (d.waitingFor ? waitShort(t, d.waitingFor) : stateLabel(t, d.state));

/** "2 held while …; 1 started by …": the status's waits, one phrase per reason, none when nothing waits. */
export function waitingPhrases(t: T, waiting: SyncStatus['waiting']): string[] {
  return WAITS.filter((k) => waiting[k] > 0).map((k) => t(`delivery.wait.${k}.counted`, { count: waiting[k] }));
}

/** One word for a photo with several targets: the least advanced state wins. */
export function overallState(rows: readonly PhotoDelivery[]): DeliveryState | null {
  return overallDelivery(rows)?.state ?? null;
}

/** The delivery that speaks for a photo with several targets: one of the least advanced state, a waiting one first. */
export function overallDelivery(rows: readonly PhotoDelivery[]): PhotoDelivery | null {
  const order: DeliveryState[] = ['failed', 'queued', 'in_flight', 'delivered', 'verified'];
  const state = order.find((s) => rows.some((r) => r.state === s));
  const least = rows.filter((r) => r.state === state);
  return least.find((r) => r.waitingFor) ?? least[0] ?? null;
}

/**
 * The header's sync status: short text for the screen (the header is tight at 1024 px) and the
 * accessible name in full. What waits on something other than the network is not "to sync".
 */
export function syncSummary(t: T, status: Pick<SyncStatus, 'total' | 'counts' | 'waiting'>): { text: string; label: string } {
  const { verified, failed } = status.counts;
  const waiting = status.waiting.held + status.waiting.takeover + status.waiting.consent;
  const pending = status.total - verified - failed - waiting;
  const text =
    failed > 0
      ? t('delivery.sync.failed', { count: failed })
      : pending > 0
        ? t('delivery.sync.toSync', { count: pending })
        : waiting > 0
          ? t('delivery.sync.waiting', { count: waiting })
          : t('delivery.sync.synced');
  const full =
    failed > 0
      ? t('delivery.sync.fullFailed', { count: failed })
      : pending > 0
        ? t('delivery.sync.fullToDeliver', { count: pending })
        : waiting > 0
          ? t('delivery.sync.fullNothingNow')
          : t('delivery.sync.fullAllDelivered');
  const waits = waitingPhrases(t, status.waiting);
  const verifiedOf = t('delivery.sync.verifiedOf', { verified, total: status.total });
  const label = `${full}. ${verifiedOf}`;
  return { text, label: waits.length > 0 ? `${label} ${t('delivery.sync.waitingList', { waits: waits.join('; ') })}` : label };
}
