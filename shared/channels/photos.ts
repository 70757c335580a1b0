import { z } from 'zod';
import { channel, needs } from '../channel';
import { Id, Photo, PhotoHandle } from '../domain';

export const photoChannels = {
  list: channel({ request: z.object({ patientId: Id }).strict(), response: z.array(Photo), access: needs('photo.view') }),
  open: channel({
    request: z.object({ photoId: Id }).strict(),
    response: z.object({ handle: PhotoHandle, mime: z.string(), width: z.number().int(), height: z.number().int() }),
    access: needs('photo.view'),
  }),
};
