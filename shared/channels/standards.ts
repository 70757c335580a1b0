// Clinical photography standards: the ghost overlay's previous photo of a site, and discarding or
// keeping a capture at the retake prompt. The value sets themselves ship in shared/value-sets/
// and need no channel: the renderer imports them.
import { z } from 'zod';
import { channel, needs } from '../channel';
import { Id, PhotoHandle, Timestamp } from '../domain';
import { LATERALITIES, VIEWS } from '../value-sets/views';

export const standardsChannels = {
  /** The newest photo of this patient's site and side (same view preferred), for the ghost overlay. */
  previousPhoto: channel({
    request: z
      .object({ patientId: Id, bodySiteCode: z.string().regex(/^\d{6,18}$/), laterality: z.enum(LATERALITIES), view: z.enum(VIEWS).optional() })
      .strict(),
    response: z.object({
      photo: z
        .object({ id: Id, handle: PhotoHandle, width: z.number().int(), height: z.number().int(), capturedAt: Timestamp, view: z.string().nullable() })
        .nullable(),
    }),
    access: needs('photo.view'),
    audit: 'photo.view',
  }),
  /** Removes a capture just taken by the caller (retake prompt): rows and sealed files. */
  discardCapture: channel({
    request: z.object({ photoId: Id }).strict(),
    response: z.object({ discarded: z.literal(true) }),
    access: needs('photo.capture'),
    audit: 'photo.discard',
  }),
  /** Keeps a capture that failed a quality check (retake prompt): its held deliveries go now. */
  keepCapture: channel({
    request: z.object({ photoId: Id }).strict(),
    response: z.object({ kept: z.literal(true) }),
    access: needs('photo.capture'),
    audit: 'photo.keep',
  }),
};
