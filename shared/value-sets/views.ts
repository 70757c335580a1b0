// Laterality and view (patient position / camera direction) as small controlled lists. Laterality
// follows DICOM's convention of coding it apart from the site (CID 244/245: left, right, bilateral,
// unpaired); views are the photographic positions clinics use for serial documentation.

export const LATERALITIES = ['left', 'right', 'bilateral', 'unpaired'] as const;
export type Laterality = (typeof LATERALITIES)[number];

export const LATERALITY_LABELS: Readonly<Record<Laterality, string>> = {
  left: 'Left',
  right: 'Right',
  bilateral: 'Both sides',
  unpaired: 'Midline / unpaired',
};

/** Laterality codes as DICOM CID 244 lists them (SNOMED CT qualifier values). */
export const LATERALITY_SNOMED: Readonly<Record<Laterality, { code: string; display: string }>> = {
  left: { code: '7771000', display: 'Left' },
  right: { code: '24028007', display: 'Right' },
  bilateral: { code: '51440002', display: 'Right and left' },
  unpaired: { code: '66459002', display: 'Unilateral' },
};

export const VIEWS = [
  'anterior',
  'posterior',
  'left lateral',
  'right lateral',
  'left oblique',
  'right oblique',
  'superior',
  'inferior',
  'palmar',
  'dorsal',
  'plantar',
  'close-up',
  'dermoscopy',
] as const;
export type View = (typeof VIEWS)[number];

export const VIEW_LABELS: Readonly<Record<View, string>> = {
  anterior: 'Anterior (front)',
  posterior: 'Posterior (back)',
  'left lateral': 'Left lateral (profile)',
  'right lateral': 'Right lateral (profile)',
  'left oblique': 'Left oblique (45°)',
  'right oblique': 'Right oblique (45°)',
  superior: 'Superior (from above)',
  inferior: 'Inferior (from below)',
  palmar: 'Palmar',
  dorsal: 'Dorsal',
  plantar: 'Plantar (sole)',
  'close-up': 'Close-up',
  dermoscopy: 'Dermoscopy',
};

/** Which lateralities a site accepts: paired sites need a side (or both); unpaired sites none. */
export const lateralitiesFor = (paired: boolean): readonly Laterality[] => (paired ? ['left', 'right', 'bilateral'] : ['unpaired']);
