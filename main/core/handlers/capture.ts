// Cameras and capture: a driver delivers bytes in memory and the ingest path stores them, bound to
// the encounter (and so the patient) the capture was started for.
import { CoreError } from '../../../shared/errors';
import type { CapturedFrame } from '../capture/camera';
import { cameraAreaHandlers, cameraCaptureHandlers } from './camera-capture';
import { ingestPhoto } from '../capture/ingest';
import { getEncounter } from '../patients/encounters';
import { checkCaptureContext } from '../standards/context';
import { getPhotoRow } from '../photos/photos';
import type { Handlers } from '../router';
import type { CoreServices } from '../services';
import { photoView } from './photos';

export const cameraHandlers = (s: CoreServices): Handlers['cameras'] => cameraAreaHandlers(s);

export const captureHandlers = (s: CoreServices): Handlers['capture'] => ({
  ...cameraCaptureHandlers(s),
  async take(ctx, req) {
    const { db, blobs } = s.workspace();
    const user = s.actor(ctx).user;
    const encounter = getEncounter(db, req.encounterId);
    s.requirePatientAccess(ctx, encounter.patientId);
    const context = checkCaptureContext(req.context); // before the shutter: no site, no photo
    const driver = s.cameras.get(req.cameraId);
    if (!driver) throw new CoreError('CAMERA_UNAVAILABLE', 'That camera is not connected.');
    let frame: CapturedFrame;
    try {
      frame = await driver.capture();
    } catch (error) {
      if (error instanceof CoreError) throw error;
      s.log.error('capture.driver-failed', error, { camera: driver.kind });
      throw new CoreError('CAPTURE_FAILED', 'The camera did not deliver a photo. Check it and try again.');
    }
    const photoId = await ingestPhoto(db, blobs, {
      bytes: frame.bytes,
      patientId: encounter.patientId,
      encounterId: encounter.id,
      userId: user.id,
      source: 'camera',
      device: frame.device,
      at: s.clock(),
      context,
      providerId: encounter.providerId,
    });
    return photoView(getPhotoRow(db, photoId), s.client(ctx), user.id);
  },
});
