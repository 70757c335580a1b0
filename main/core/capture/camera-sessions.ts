// Running live views and tethered sessions, each owned by the window (client) that started it AND
// the user signed in there: nobody else reads their frames or photos, and they stop the moment
// that session locks, ends or changes user (main/core/sessions/session-state.ts calls `stopClient`),
// so a photo shot afterwards is never ingested under the previous user's name and patient.
// Preview frames are kept in memory only (the newest one per view) and fetched by the renderer
// with a short long-poll; tethered photos are ingested as they arrive and reported at the next poll.
import { randomBytes } from 'node:crypto';
import { CoreError, isCoreError } from '../../../shared/errors';
import type { CameraDriver, CapturedFrame, LiveView, TetheredSession } from './camera';

/**
 * Who a camera session belongs to: the client's id (from the call), the client's state object (what
 * the session lifecycle holds when it locks or ends) and the user who started it.
 */
export interface CameraOwner {
  readonly clientId: string;
  readonly client: object;
  readonly userId: string;
}

interface LiveViewState {
  readonly owner: CameraOwner;
  readonly view: LiveView;
  seq: number;
  latest: Buffer | null;
  ended: boolean;
  waiters: Array<() => void>;
}

interface TetheredState {
  readonly owner: CameraOwner;
  readonly session: TetheredSession;
  /** Photos ingested and not yet reported to the renderer. */
  pendingPhotoIds: string[];
  /** Ingests still running; polls and stop wait for them so no photo goes unreported. */
  inFlight: Set<Promise<void>>;
  error: { code: string; message: string } | null;
  active: boolean;
  /** Set, synchronously, when the owning session locks or ends: later frames are dropped. */
  closed: boolean;
}

export type IngestTetheredPhoto = (frame: CapturedFrame) => Promise<string>;

const sessionId = (): string => randomBytes(16).toString('hex');
const notFound = () => new CoreError('NOT_FOUND', 'That camera session has ended.');
const failure = (error: unknown) =>
  isCoreError(error) ? { code: error.code, message: error.message } : { code: 'CAPTURE_FAILED', message: 'The camera stopped delivering photos.' };
const owns = (owner: CameraOwner, state: { owner: CameraOwner }) => state.owner.clientId === owner.clientId && state.owner.userId === owner.userId;
const ofClient = (client: string | object, state: { owner: CameraOwner }) => state.owner.clientId === client || state.owner.client === client;

export class CameraSessions {
  private readonly live = new Map<string, LiveViewState>();
  private readonly tethered = new Map<string, TetheredState>();

  async startLiveView(owner: CameraOwner, driver: CameraDriver): Promise<string> {
    if (!driver.startLiveView) throw new CoreError('CAMERA_UNSUPPORTED', 'This camera has no live view.');
    const id = sessionId();
    const holder: { state?: LiveViewState } = {};
    const view = await driver.startLiveView((jpeg) => {
      const state = holder.state;
      if (!state || this.live.get(id) !== state) return void jpeg.fill(0);
      state.latest?.fill(0);
      state.latest = jpeg;
      state.seq += 1;
      for (const wake of state.waiters.splice(0)) wake();
    });
    const state: LiveViewState = { owner, view, seq: 0, latest: null, ended: false, waiters: [] };
    holder.state = state;
    this.live.set(id, state);
    void view.ended.finally(() => {
      state.ended = true;
      for (const wake of state.waiters.splice(0)) wake();
    });
    return id;
  }

  async liveViewFrame(owner: CameraOwner, id: string, after: number, waitMs = 1000): Promise<{ seq: number; jpeg: Buffer; ended: boolean } | null> {
    const state = this.live.get(id);
    if (!state || !owns(owner, state)) throw notFound();
    if (state.seq <= after && !state.ended) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        state.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    // Stopped while this poll waited (the session locked): nothing more to show.
    if (this.live.get(id) !== state) return { seq: state.seq, jpeg: Buffer.alloc(0), ended: true };
    if (!state.latest || state.seq <= after) return state.ended ? { seq: state.seq, jpeg: Buffer.alloc(0), ended: true } : null;
    return { seq: state.seq, jpeg: state.latest, ended: state.ended };
  }

  async stopLiveView(owner: CameraOwner, id: string): Promise<boolean> {
    const state = this.live.get(id);
    if (!state || !owns(owner, state)) return false;
    await this.endLiveView(id, state);
    return true;
  }

  async startTethered(owner: CameraOwner, driver: CameraDriver, ingest: IngestTetheredPhoto): Promise<string> {
    if (!driver.startTethered) throw new CoreError('CAMERA_UNSUPPORTED', 'This camera cannot be used in tethered mode.');
    const id = sessionId();
    const holder: { state?: TetheredState } = {};
    const session = await driver.startTethered((frame) => {
      const state = holder.state;
      if (!state || state.closed) return void frame.bytes.fill(0);
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
    const state: TetheredState = { owner, session, pendingPhotoIds: [], inFlight: new Set(), error: null, active: true, closed: false };
    holder.state = state;
    this.tethered.set(id, state);
    void session.ended.then((error) => {
      state.active = false;
      if (error) state.error = failure(error);
    });
    return id;
  }

  /** Photo ids ingested since the last call, the session's state, and the error that ended it. */
  async pollTethered(owner: CameraOwner, id: string): Promise<{ active: boolean; photoIds: string[]; error: TetheredState['error'] }> {
    const state = this.tethered.get(id);
    if (!state || !owns(owner, state)) throw notFound();
    await Promise.all([...state.inFlight]);
    const photoIds = state.pendingPhotoIds.splice(0);
    if (!state.active) this.tethered.delete(id);
    return { active: state.active, photoIds, error: state.error };
  }

  /**
   * Stops a tethered session and reports its last photos. Stopping one that already ended (its
   * session locked, or the camera went away and it was reported) is not an error: there is nothing
   * left to stop, and the answer says so with no photos.
   */
  async stopTethered(owner: CameraOwner, id: string): Promise<{ stopped: boolean; photoIds: string[]; error: TetheredState['error'] }> {
    const state = this.tethered.get(id);
    if (!state || !owns(owner, state)) return { stopped: false, photoIds: [], error: null };
    state.closed = true;
    await state.session.stop();
    state.active = false;
    const { photoIds, error } = await this.pollTethered(owner, id);
    return { stopped: true, photoIds, error };
  }

  /**
   * Stops everything a client started (lock, sign-out, switch of user, window closed). Frames that
   * arrive from now on are dropped at once; the drivers are then stopped. Photos already being
   * ingested finish (they were shot before) and appear in the gallery; they are not reported.
   */
  async stopClient(client: string | object): Promise<void> {
    const views = [...this.live].filter(([, s]) => ofClient(client, s));
    const tethered = [...this.tethered].filter(([, s]) => ofClient(client, s));
    for (const [id, s] of tethered) {
      s.closed = true;
      this.tethered.delete(id);
    }
    for (const [id] of views) this.live.delete(id);
    await Promise.all([
      ...views.map(([id, s]) => this.endLiveView(id, s)),
      ...tethered.map(async ([, s]) => {
        await s.session.stop().catch(() => undefined);
        s.active = false;
        await Promise.all([...s.inFlight]);
      }),
    ]);
  }

  private async endLiveView(id: string, state: LiveViewState): Promise<void> {
    this.live.delete(id);
    for (const wake of state.waiters.splice(0)) wake();
    try {
      await state.view.stop();
    } finally {
      state.latest?.fill(0);
      state.latest = null;
    }
  }
}
