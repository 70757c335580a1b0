// Cameras: which are attached, live view from tethered cameras, barcode decoding from webcam
// frames, and the capture channels that do not go through a core driver's shutter (webcam photos
// taken in the renderer, tethered mode where the camera's own shutter fires). Capture channels
// take the same `{ encounterId, context }` as `capture.take`, plus the patient the user sees in the
// context bar, which the core checks against the encounter.
import { z } from 'zod';
import { channel, Empty, needs } from '../channel';
import { Camera, CaptureContext, Id, Photo } from '../domain';

/** Base64 of an encoded image; 40 MB of base64 is a 30 MB JPEG, above any webcam's full frame. */
const ImageBase64 = z
  .string()
  .min(8)
  .max(40 * 1024 * 1024)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64');

const CameraId = z.string().min(1).max(200);
const SessionId = Id;

export const cameraChannels = {
  list: channel({ request: Empty, response: z.array(Camera), access: needs('photo.capture'), audit: null }),
  /** Starts the camera's preview stream; frames are fetched with liveViewFrame. */
  liveViewStart: channel({ request: z.object({ cameraId: CameraId }).strict(), response: z.object({ sessionId: SessionId }), access: needs('photo.capture'), audit: 'camera.session' }),
  /** The newest preview frame after `after` (waits briefly for one); null when none came. */
  liveViewFrame: channel({
    request: z.object({ sessionId: SessionId, after: z.number().int().min(0) }).strict(),
    response: z.object({ seq: z.number().int(), jpegBase64: z.string(), ended: z.boolean() }).nullable(),
    access: needs('photo.capture'),
    audit: null,
    activity: false,
  }),
  liveViewStop: channel({ request: z.object({ sessionId: SessionId }).strict(), response: z.object({ stopped: z.boolean() }), access: needs('photo.capture'), audit: 'camera.session' }),
  /** Decodes wristband barcodes (Code 128, QR, Data Matrix, PDF417) from one webcam frame, in the core. */
  decodeBarcode: channel({
    request: z.object({ imageBase64: ImageBase64.max(12 * 1024 * 1024) }).strict(),
    response: z.object({ codes: z.array(z.object({ format: z.string(), text: z.string() })) }),
    access: needs('patient.read'),
    audit: null,
    activity: false,
  }),
};

const CaptureTarget = { encounterId: Id, patientId: Id, context: CaptureContext };
const Failure = z.object({ code: z.string(), message: z.string() });

export const cameraCaptureChannels = {
  /** A photo taken by a webcam in the renderer (ImageCapture.takePhoto or a video frame). */
  ingestFrame: channel({
    request: z.object({ ...CaptureTarget, imageBase64: ImageBase64, device: z.string().trim().min(1).max(200) }).strict(),
    response: Photo,
    access: needs('photo.capture'),
    audit: 'photo.capture',
  }),
  /** Tethered mode: photos taken with the camera's own shutter are ingested as they arrive. */
  tetheredStart: channel({
    request: z.object({ ...CaptureTarget, cameraId: CameraId }).strict(),
    response: z.object({ sessionId: SessionId }),
    access: needs('photo.capture'),
    audit: 'camera.session',
  }),
  /** Photos ingested since the last poll, and whether the session is still running. */
  tetheredPoll: channel({
    request: z.object({ sessionId: SessionId }).strict(),
    response: z.object({ active: z.boolean(), photos: z.array(Photo), error: Failure.nullable() }),
    access: needs('photo.capture'),
    audit: null,
    activity: false,
  }),
  tetheredStop: channel({
    request: z.object({ sessionId: SessionId }).strict(),
    response: z.object({ photos: z.array(Photo), error: Failure.nullable() }),
    access: needs('photo.capture'),
    audit: 'camera.session',
  }),
};
