// The photo viewer's corrections (docs/corrections.md): correct the details, move the photo to
// another patient, delete it, read its history; each offered only to roles that may.
import { useState } from 'react';
import { createPortal } from 'react-dom';
import type { Encounter, Photo } from '../../../shared/domain';
import { useAppStore } from '../app/store';
import { useT } from '../i18n';
import { CorrectPhotoDialog } from './CorrectPhotoDialog';
import { DeletePhotoDialog } from './DeletePhotoDialog';
import { MovePhotoDialog } from './MovePhotoDialog';
import { PhotoHistoryDialog } from './PhotoHistoryDialog';
import './corrections.css';

type Open = 'correct' | 'move' | 'delete' | 'history' | null;

interface Props {
  readonly photo: Photo;
  readonly encounters: readonly Encounter[];
  /** The photo changed, moved away or was deleted: the viewer closes and the gallery reloads. */
  readonly onCorrected: () => void;
}

export function PhotoCorrections({ photo, encounters, onCorrected }: Props) {
  const t = useT();
  const permissions = useAppStore((s) => s.session?.permissions ?? []);
  const [open, setOpen] = useState<Open>(null);
  const may = (p: string) => permissions.includes(p as (typeof permissions)[number]);
  const done = () => {
    setOpen(null);
    onCorrected();
  };
  return (
    <section className="corrections-photo" aria-label={t('corrections.photo.actions')}>
      <h3>{t('corrections.photo.actions')}</h3>
      <div className="corrections-bar__buttons">
        {may('photo.correct') ? (
          <button type="button" className="button button--secondary" onClick={() => setOpen('correct')}>
            {t('corrections.photo.correct')}
          </button>
        ) : null}
        {may('photo.reassign') ? (
          <button type="button" className="button button--secondary" onClick={() => setOpen('move')}>
            {t('corrections.photo.move')}
          </button>
        ) : null}
        {may('photo.delete') ? (
          <button type="button" className="button button--ghost" onClick={() => setOpen('delete')}>
            {t('corrections.photo.delete')}
          </button>
        ) : null}
        <button type="button" className="button button--ghost" onClick={() => setOpen('history')}>
          {t('corrections.photo.history')}
        </button>
      </div>
      {/* The dialogs open from inside the viewer but are not part of it: rendered at the body so the
          viewer's side-panel styles do not reach their forms. */}
      {open
        ? createPortal(
            <>
              {open === 'correct' ? <CorrectPhotoDialog photo={photo} encounters={encounters} onClose={() => setOpen(null)} onCorrected={done} /> : null}
              {open === 'move' ? <MovePhotoDialog photo={photo} onClose={() => setOpen(null)} onMoved={done} /> : null}
              {open === 'delete' ? <DeletePhotoDialog photo={photo} onClose={() => setOpen(null)} onDeleted={done} /> : null}
              {open === 'history' ? <PhotoHistoryDialog photoId={photo.id} onClose={() => setOpen(null)} /> : null}
            </>,
            document.body,
          )
        : null}
    </section>
  );
}
