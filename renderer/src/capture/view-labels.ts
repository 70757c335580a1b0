// Side and view names in the reader's language (area `capture`): the value sets keep the codes.
import type { Laterality, View } from '../../../shared/value-sets/views';
import { useT } from '../i18n';

const viewKey = (v: View) => `capture.view.${v.replace(/ /g, '-')}`;

export function useViewLabels(): { view(v: View): string; laterality(l: Laterality): string } {
  const t = useT();
  return { view: (v) => t(viewKey(v)), laterality: (l) => t(`capture.side.${l}`) };
}
