// Cameras and capture: a driver delivers bytes in memory and the ingest path stores them, bound to
// the encounter (and so the patient) the capture was started for.
import { CoreError } from '../../../shared/errors';
import type { CapturedFrame } from '../capture/camera';
import { cameraAreaHandlers, cameraCaptureHandlers, ingestFrameInto } from './camera-capture';
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
    const user = s.actor(ctx).user;
    const encounter = getEncounter(s.workspace().db, req.encounterId);
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
    const photoId = await ingestFrameInto(s, user.id, encounter, context)(frame);
    return photoView(getPhotoRow(s.workspace().db, photoId), s.client(ctx), user.id);
  },
});
