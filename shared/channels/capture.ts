import { z } from 'zod';
import { channel, Empty, needs } from '../channel';
import { Camera, Id, Photo } from '../domain';

export const cameraChannels = {
  list: channel({ request: Empty, response: z.array(Camera), access: needs('photo.capture') }),
};

export const captureChannels = {
  take: channel({
    request: z.object({ encounterId: Id, cameraId: z.string().min(1).max(200) }).strict(),
    response: Photo,
    access: needs('photo.capture'),
  }),
};
