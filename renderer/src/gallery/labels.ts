// Catalogue ids for the value sets the gallery shows (views), so the select and the tiles read the
// same words in every locale.
import type { View } from '../../../shared/value-sets/views';

const VIEW_KEYS = {
  anterior: 'gallery.view_anterior',
  posterior: 'gallery.view_posterior',
  'left lateral': 'gallery.view_leftLateral',
  'right lateral': 'gallery.view_rightLateral',
  'left oblique': 'gallery.view_leftOblique',
  'right oblique': 'gallery.view_rightOblique',
  superior: 'gallery.view_superior',
  inferior: 'gallery.view_inferior',
  palmar: 'gallery.view_palmar',
  dorsal: 'gallery.view_dorsal',
  plantar: 'gallery.view_plantar',
  'close-up': 'gallery.view_closeUp',
  dermoscopy: 'gallery.view_dermoscopy',
} as const satisfies Record<View, string>;

export const viewLabelKey = (view: View): (typeof VIEW_KEYS)[View] => VIEW_KEYS[view];
