// compare.export (docs/compare.md, "Export a comparison"): a comparison of two to four photos of
// one patient drawn as one image and stored as a new photo of that patient (source `derived`), which
// is then delivered like every photo. Needs `photo.export` (docs/access-control.md): it makes an
// image meant to leave the workstation.
import { z } from 'zod';
import { channel, needs } from '../channel';
import { Id, Photo } from '../domain';

/** Two photos: side by side or a slider snapshot; three or four: a grid (shared/compare-grid.ts). */
export const ComparisonExportMode = z.enum(['side-by-side', 'slider', 'grid']);
export type ComparisonExportMode = z.infer<typeof ComparisonExportMode>;

export const ComparisonExportRequest = z
  .object({
    /** Two to four photos, in any order: the earliest is drawn first, as the compare view does. */
    photoIds: z.array(Id).min(2).max(4),
    mode: ComparisonExportMode,
    /** Slider only: where the split is, 0 to 1 across the width (the first photo left of it). */
    sliderPosition: z.number().finite().min(0).max(1).optional(),
    /** Why it is made (a referral, a tumour board): kept with the derivation, never drawn. */
    note: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine((r) => (r.mode === 'slider') === (r.sliderPosition !== undefined), { message: 'sliderPosition is given for the slider and only for it', path: ['sliderPosition'] })
  .refine((r) => (r.mode === 'grid') === (r.photoIds.length > 2), { message: 'two photos are side by side or a slider snapshot; three or four are a grid', path: ['mode'] });
export type ComparisonExportRequest = z.infer<typeof ComparisonExportRequest>;

export const compareExportChannels = {
  export: channel({
    request: ComparisonExportRequest,
    /** `aligned`: every later photo was placed by a stored alignment onto the first. */
    response: z.object({ photo: Photo, aligned: z.boolean() }),
    access: needs('photo.export'),
    audit: 'compare.export',
  }),
};
