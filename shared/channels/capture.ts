import { z } from 'zod';
import { channel, needs } from '../channel';
import { CaptureContext, Id, Photo } from '../domain';

export const captureChannels = {
  take: channel({
    request: z.object({ encounterId: Id, cameraId: z.string().min(1).max(200), context: CaptureContext }).strict(),
    response: Photo,
    access: needs('photo.capture'),
    audit: 'photo.capture',
  }),
};
