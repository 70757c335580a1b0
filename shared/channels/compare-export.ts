// compare.export (docs/compare.md, "Export a comparison"): a comparison of two photos of one
// patient drawn as one image and stored as a new photo of that patient (source `derived`), which
// is then delivered like every photo. Needs `photo.export` (docs/access-control.md): it makes an
// image meant to leave the workstation.
import { z } from 'zod';
import { channel, needs } from '../channel';
import { Id, Photo } from '../domain';

export const ComparisonExportMode = z.enum(['side-by-side', 'slider']);
export type ComparisonExportMode = z.infer<typeof ComparisonExportMode>;

export const ComparisonExportRequest = z
  .object({
    /** The two photos, in any order: the earlier is drawn first, as the compare view does. */
    photoIds: z.tuple([Id, Id]),
    mode: ComparisonExportMode,
    /** Slider only: where the split is, 0 to 1 across the width (the first photo left of it). */
    sliderPosition: z.number().finite().min(0).max(1).optional(),
    /** Why it is made (a referral, a tumour board): kept with the derivation, never drawn. */
    note: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine((r) => (r.mode === 'slider') === (r.sliderPosition !== undefined), { message: 'sliderPosition is given for the slider and only for it', path: ['sliderPosition'] });
export type ComparisonExportRequest = z.infer<typeof ComparisonExportRequest>;

export const compareExportChannels = {
  export: channel({
    request: ComparisonExportRequest,
    response: z.object({ photo: Photo, aligned: z.boolean() }),
    access: needs('photo.export'),
    audit: 'compare.export',
  }),
};
