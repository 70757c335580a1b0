// Camera use-cases beyond the one-shot shutter of `capture.take`: webcam photos taken in the
// renderer, tethered mode, live view and wristband barcode decoding. Every photo goes through the
// same ingest path as `capture.take`, bound to an encounter that must belong to the patient the
// user sees in the context bar (a mismatch is refused, never guessed).
import type { CaptureContext, Encounter } from '../../../shared/domain';
import { CoreError } from '../../../shared/errors';
import { decodeBarcodes } from '../barcode/decode';
import type { CapturedFrame } from '../capture/camera';
import type { CameraOwner } from '../capture/camera-sessions';
import { ingestPhoto } from '../capture/ingest';
import { getEncounter } from '../patients/encounters';
import { getPhotoRow } from '../photos/photos';
import type { CallContext, Handlers } from '../router';
import type { CoreServices } from '../services';
import { photoView } from './photos';

interface CaptureTarget {
  readonly encounterId: string;
  readonly patientId: string;
  readonly context: CaptureContext;
}

/** Resolves and checks the capture target now, and returns the function that ingests into it. */
function captureInto(s: CoreServices, ctx: CallContext, target: CaptureTarget) {
  const { db } = s.workspace();
  const user = s.actor(ctx).user;
  const encounter = getEncounter(db, target.encounterId);
  if (encounter.patientId !== target.patientId) {
    throw new CoreError('CONTEXT_MISMATCH', 'The encounter does not belong to the patient on screen.');
  }
  s.requirePatientAccess(ctx, encounter.patientId);
  return ingestFrameInto(s, user.id, encounter, target.context);
}

/**
 * The one way a camera frame becomes a photo: ingested into the encounter (its patient and
 * provider) as this user, with the capture context. Used by `capture.take` and every camera use-case here.
 */
export function ingestFrameInto(s: CoreServices, userId: string, encounter: Encounter, context: CaptureContext) {
  return async (frame: CapturedFrame): Promise<string> => {
    // The workspace may have closed (sign-out) since the session started: look it up per photo.
    const ws = s.workspace();
    return ingestPhoto(ws.db, ws.blobs, {
      bytes: frame.bytes,
      patientId: encounter.patientId,
      encounterId: encounter.id,
      userId,
      source: 'camera',
      device: frame.device,
      at: s.clock(),
      context,
      providerId: encounter.providerId,
    });
  };
}

const decodeBase64 = (b64: string): Buffer => Buffer.from(b64, 'base64');

/** The window and user a live view or tethered session belongs to (capture/camera-sessions.ts). */
const ownerOf = (s: CoreServices, ctx: CallContext): CameraOwner => ({ clientId: ctx.clientId, client: s.client(ctx), userId: s.actor(ctx).user.id });

export const cameraAreaHandlers = (s: CoreServices): Handlers['cameras'] => ({
  async list() {
    await s.cameras.refresh();
    const defaultId = s.cameras.defaultId();
    return s.cameras.list().map((d) => ({ id: d.id, label: d.label, kind: d.kind, isDefault: d.id === defaultId }));
  },
  async liveViewStart(ctx, req) {
    const driver = s.cameras.get(req.cameraId);
    if (!driver) throw new CoreError('CAMERA_UNAVAILABLE', 'That camera is not connected.');
    return { sessionId: await s.cameras.sessions.startLiveView(ownerOf(s, ctx), driver) };
  },
  async liveViewFrame(ctx, req) {
    const frame = await s.cameras.sessions.liveViewFrame(ownerOf(s, ctx), req.sessionId, req.after);
    return frame ? { seq: frame.seq, jpegBase64: frame.jpeg.toString('base64'), ended: frame.ended } : null;
  },
  // Allowed while the session is locked (shared/channels/session.ts): the lock screen's unmounting
  // panels stop what they started, and the lock has already stopped it in the core.
  async liveViewStop(ctx, req) {
    return { stopped: await s.cameras.sessions.stopLiveView(ownerOf(s, ctx), req.sessionId) };
  },
  async decodeBarcode(ctx, req) {
    s.actor(ctx);
    const image = decodeBase64(req.imageBase64);
    try {
      return { codes: await decodeBarcodes(image) };
    } catch (error) {
      s.log.error('barcode.decode-failed', error, {});
      throw new CoreError('INVALID_IMAGE', 'The camera frame could not be read.');
    } finally {
      image.fill(0);
    }
  },
});

export const cameraCaptureHandlers = (s: CoreServices): Pick<Handlers['capture'], 'ingestFrame' | 'tetheredStart' | 'tetheredPoll' | 'tetheredStop'> => {
  const views = (ctx: CallContext, photoIds: string[]) => {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    return photoIds.map((id) => photoView(getPhotoRow(db, id), s.client(ctx), user.id));
  };
  return {
    async ingestFrame(ctx, req) {
      const ingest = captureInto(s, ctx, req);
      const bytes = decodeBase64(req.imageBase64);
      try {
        const photoId = await ingest({ bytes, device: `Webcam: ${req.device}` });
        return views(ctx, [photoId])[0]!;
      } finally {
        bytes.fill(0);
      }
    },
    async tetheredStart(ctx, req) {
      const ingest = captureInto(s, ctx, req);
      const driver = s.cameras.get(req.cameraId);
      if (!driver) throw new CoreError('CAMERA_UNAVAILABLE', 'That camera is not connected.');
      return { sessionId: await s.cameras.sessions.startTethered(ownerOf(s, ctx), driver, ingest) };
    },
    async tetheredPoll(ctx, req) {
      const r = await s.cameras.sessions.pollTethered(ownerOf(s, ctx), req.sessionId);
      return { active: r.active, photos: views(ctx, r.photoIds), error: r.error };
    },
    // Allowed while locked, like liveViewStop; a locked session gets no photo handles back (the
    // photos are in the encounter, seen after unlocking).
    async tetheredStop(ctx, req) {
      const r = await s.cameras.sessions.stopTethered(ownerOf(s, ctx), req.sessionId);
      return { photos: ctx.session?.restriction ? [] : views(ctx, r.photoIds), error: r.error };
    },
  };
};
