// Running live views and tethered sessions, each owned by the client (window) that started it.
// Preview frames are kept in memory only (the newest one per view) and fetched by the renderer
// with a short long-poll; tethered photos are ingested as they arrive and reported at the next poll.
import { randomBytes } from 'node:crypto';
import { CoreError, isCoreError } from '../../../shared/errors';
import type { CameraDriver, CapturedFrame, LiveView, TetheredSession } from './camera';

interface LiveViewState {
  readonly clientId: string;
  readonly view: LiveView;
  seq: number;
  latest: Buffer | null;
  ended: boolean;
  waiters: Array<() => void>;
}

interface TetheredState {
  readonly clientId: string;
  readonly session: TetheredSession;
  /** Photos ingested and not yet reported to the renderer. */
  pendingPhotoIds: string[];
  /** Ingests still running; polls and stop wait for them so no photo goes unreported. */
  inFlight: Set<Promise<void>>;
  error: { code: string; message: string } | null;
  active: boolean;
}

export type IngestTetheredPhoto = (frame: CapturedFrame) => Promise<string>;

const sessionId = (): string => randomBytes(16).toString('hex');
const notFound = () => new CoreError('NOT_FOUND', 'That camera session has ended.');
const failure = (error: unknown) =>
  isCoreError(error) ? { code: error.code, message: error.message } : { code: 'CAPTURE_FAILED', message: 'The camera stopped delivering photos.' };

export class CameraSessions {
  private readonly live = new Map<string, LiveViewState>();
  private readonly tethered = new Map<string, TetheredState>();

  async startLiveView(clientId: string, driver: CameraDriver): Promise<string> {
    if (!driver.startLiveView) throw new CoreError('CAMERA_UNSUPPORTED', 'This camera has no live view.');
    const id = sessionId();
    const holder: { state?: LiveViewState } = {};
    const view = await driver.startLiveView((jpeg) => {
      const state = holder.state;
      if (!state) return;
      state.latest?.fill(0);
      state.latest = jpeg;
      state.seq += 1;
      for (const wake of state.waiters.splice(0)) wake();
    });
    const state: LiveViewState = { clientId, view, seq: 0, latest: null, ended: false, waiters: [] };
    holder.state = state;
    this.live.set(id, state);
    void view.ended.finally(() => {
      state.ended = true;
      for (const wake of state.waiters.splice(0)) wake();
    });
    return id;
  }

  async liveViewFrame(clientId: string, id: string, after: number, waitMs = 1000): Promise<{ seq: number; jpeg: Buffer; ended: boolean } | null> {
    const state = this.live.get(id);
    if (!state || state.clientId !== clientId) throw notFound();
    if (state.seq <= after && !state.ended) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        state.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (!state.latest || state.seq <= after) return state.ended ? { seq: state.seq, jpeg: Buffer.alloc(0), ended: true } : null;
    return { seq: state.seq, jpeg: state.latest, ended: state.ended };
  }

  async stopLiveView(clientId: string, id: string): Promise<boolean> {
    const state = this.live.get(id);
    if (!state || state.clientId !== clientId) return false;
    this.live.delete(id);
    await state.view.stop();
    state.latest?.fill(0);
    state.latest = null;
    return true;
  }

  async startTethered(clientId: string, driver: CameraDriver, ingest: IngestTetheredPhoto): Promise<string> {
    if (!driver.startTethered) throw new CoreError('CAMERA_UNSUPPORTED', 'This camera cannot be used in tethered mode.');
    const id = sessionId();
    const holder: { state?: TetheredState } = {};
    const session = await driver.startTethered((frame) => {
      const state = holder.state;
      if (!state) return;
      const job = ingest(frame)
        .then((photoId) => {
          state.pendingPhotoIds.push(photoId);
        })
        .catch((error: unknown) => {
          state.error = failure(error);
        })
        .finally(() => {
          frame.bytes.fill(0);
          state.inFlight.delete(job);
        });
      state.inFlight.add(job);
    });
    const state: TetheredState = { clientId, session, pendingPhotoIds: [], inFlight: new Set(), error: null, active: true };
    holder.state = state;
    this.tethered.set(id, state);
    void session.ended.then((error) => {
      state.active = false;
      if (error) state.error = failure(error);
    });
    return id;
  }

  /** Photo ids ingested since the last call, the session's state, and the error that ended it. */
  async pollTethered(clientId: string, id: string, stop = false): Promise<{ active: boolean; photoIds: string[]; error: TetheredState['error'] }> {
    const state = this.tethered.get(id);
    if (!state || state.clientId !== clientId) throw notFound();
    if (stop) {
      await state.session.stop();
      state.active = false;
    }
    await Promise.all([...state.inFlight]);
    const photoIds = state.pendingPhotoIds.splice(0);
    if (!state.active) this.tethered.delete(id);
    return { active: state.active, photoIds, error: state.error };
  }

  /** Stops everything a client started (sign-out, window closed). */
  async stopClient(clientId: string): Promise<void> {
    await Promise.all([
      ...[...this.live].filter(([, s]) => s.clientId === clientId).map(([id]) => this.stopLiveView(clientId, id)),
      ...[...this.tethered].filter(([, s]) => s.clientId === clientId).map(([id]) => this.pollTethered(clientId, id, true)),
    ]);
  }
}
