// Side and view names in the reader's language (area `capture`): the value sets keep the codes.
import type { Laterality, View } from '../../../shared/value-sets/views';
import { useT, type MessageId } from '../i18n';

const VIEW_IDS: Readonly<Record<View, MessageId>> = {
  anterior: 'capture.view.anterior',
  posterior: 'capture.view.posterior',
  'left lateral': 'capture.view.left-lateral',
  'right lateral': 'capture.view.right-lateral',
  'left oblique': 'capture.view.left-oblique',
  'right oblique': 'capture.view.right-oblique',
  superior: 'capture.view.superior',
  inferior: 'capture.view.inferior',
  palmar: 'capture.view.palmar',
  dorsal: 'capture.view.dorsal',
  plantar: 'capture.view.plantar',
  'close-up': 'capture.view.close-up',
  dermoscopy: 'capture.view.dermoscopy',
};

export function useViewLabels(): { view(v: View): string; laterality(l: Laterality): string } {
  const t = useT();
  return { view: (v) => t(VIEW_IDS[v]), laterality: (l) => t(`capture.side.${l}`) };
}
