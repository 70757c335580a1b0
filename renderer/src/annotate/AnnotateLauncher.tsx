// The viewer's way into the annotation editor: one button, and the editor dialog while it is open.
import { useState } from 'react';
import type { Photo } from '../../../shared/domain';
import { useT } from '../i18n';
import { AnnotationEditor } from './AnnotationEditor';

export function AnnotateLauncher({ photo, title }: { readonly photo: Photo; readonly title: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button--primary annotate-launch" onClick={() => setOpen(true)}>
        {t('annotate.open')}
      </button>
      {open ? <AnnotationEditor photo={photo} title={title} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
