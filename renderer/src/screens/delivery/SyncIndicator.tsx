// The header's sync status: how many deliveries are verified out of all, a progress bar, and a
// failure count that takes administrators to the delivery screen. Watches the status channel
// through the shared poller (the delivery screen watches the same call: one timer for both).
import { useAppStore } from '../../app/store';
import { useSyncStatus } from './deliveries';

export function SyncIndicator() {
  const allowed = useAppStore((s) => s.session?.permissions.includes('delivery.view') ?? false);
  const manage = useAppStore((s) => s.session?.permissions.includes('delivery.manage') ?? false);
  const showView = useAppStore((s) => s.showView);
  const status = useSyncStatus(allowed).data;

  if (!allowed || !status || status.total === 0) return null;
  const { verified, failed } = status.counts;
  const pending = status.total - verified - failed;
  // Short on screen (the header is tight at 1024 px); the accessible name says it in full.
  const text = failed > 0 ? `${failed} failed` : pending > 0 ? `${pending} to sync` : 'Synced ✓';
  const full = failed > 0 ? `Sync: ${failed} failed` : pending > 0 ? `Sync: ${pending} to deliver` : 'Sync: all delivered';
  const label = `${full}. ${verified} of ${status.total} deliveries verified.`;
  const body = (
    <>
      <span className="sync-indicator__text">{text}</span>
      <progress className="sync-indicator__bar" max={status.total} value={verified} aria-hidden="true" />
    </>
  );
  return manage ? (
    <button type="button" className={`sync-indicator${failed > 0 ? ' sync-indicator--failed' : ''}`} aria-label={label} onClick={() => showView({ name: 'delivery' })}>
      {body}
    </button>
  ) : (
    <span className={`sync-indicator${failed > 0 ? ' sync-indicator--failed' : ''}`} role="status" aria-label={label}>
      {body}
    </span>
  );
}
