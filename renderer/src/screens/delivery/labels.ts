// How delivery state reads to a person: a word per state, and for a delivery that waits on
// something other than the network (a held capture, an upload to take over, a photo the consent
// gate holds) its reason instead of "queued" or "delivering". Pure, so the core's states and these
// words are tested together.
import type { DeliveryState, DeliveryWait, PhotoDelivery, SyncStatus } from '../../../../shared/channels/delivery';

export const STATE_LABELS: Readonly<Record<DeliveryState, string>> = {
  queued: 'Queued',
  in_flight: 'Delivering',
  delivered: 'Delivered, checking',
  verified: 'Delivered ✓ verified',
  failed: 'Failed',
};

/**
 * A delivery that waits on something other than the network says why, instead of reading as
 * queued or delivering: `short` for a badge, `reason` for the delivery screen and screen readers.
 */
export const WAIT_LABELS: Readonly<Record<DeliveryWait, { short: string; reason: string }>> = {
  held: { short: 'Held', reason: 'held while the photographer decides at the retake prompt' },
  takeover: { short: 'Resuming', reason: 'started by a program that has stopped; this workstation takes the upload over' },
  consent: { short: 'Needs consent', reason: "not released by the patient's consent for this target's use; it goes once a consent allows it" },
};

/** How one delivery reads: its wait, if it waits on something other than the network, else its state. */
export const deliveryLabel = (d: Pick<PhotoDelivery, 'state' | 'waitingFor'>): string => (d.waitingFor ? WAIT_LABELS[d.waitingFor].short : STATE_LABELS[d.state]);

/** "2 held while …; 1 started by …": the status's waits, one phrase per reason, none when nothing waits. */
export function waitingPhrases(waiting: SyncStatus['waiting']): string[] {
  return (Object.keys(WAIT_LABELS) as DeliveryWait[]).filter((k) => waiting[k] > 0).map((k) => `${waiting[k]} ${WAIT_LABELS[k].reason}`);
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
export function syncSummary(status: Pick<SyncStatus, 'total' | 'counts' | 'waiting'>): { text: string; label: string } {
  const { verified, failed } = status.counts;
  const waiting = status.waiting.held + status.waiting.takeover + status.waiting.consent;
  const pending = status.total - verified - failed - waiting;
  const text = failed > 0 ? `${failed} failed` : pending > 0 ? `${pending} to sync` : waiting > 0 ? `${waiting} waiting` : 'Synced ✓';
  const full = failed > 0 ? `Sync: ${failed} failed` : pending > 0 ? `Sync: ${pending} to deliver` : waiting > 0 ? 'Sync: nothing to deliver now' : 'Sync: all delivered';
  const waits = waitingPhrases(status.waiting);
  return { text, label: `${full}. ${verified} of ${status.total} deliveries verified.${waits.length > 0 ? ` Waiting: ${waits.join('; ')}.` : ''}` };
}
