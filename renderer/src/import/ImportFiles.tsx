// The files chosen for import, as thumbnails before anything is committed: each with its own date
// (from the core: EXIF, else the file's time), a duplicate or unsupported flag, and a checkbox.
// Duplicates and files the core would refuse start unticked. Thumbnails are drawn from the file in
// memory (an object URL, never a file on disk); photos are never mirrored, hence dir="ltr".
import { useEffect, useMemo } from 'react';
import type { ImportInspection } from '../../../shared/channels/imports';
import { useFormat, useT } from '../i18n';
import type { PickedFile } from './files';

export interface ImportRow {
  readonly id: string;
  readonly picked: PickedFile;
  readonly include: boolean;
  readonly inspection: ImportInspection | null;
}

interface Props {
  readonly rows: readonly ImportRow[];
  readonly onToggle: (id: string, include: boolean) => void;
  readonly disabled: boolean;
}

function Thumbnail({ file }: { readonly file: File }) {
  const url = useMemo(() => URL.createObjectURL(file), [file]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return <img src={url} alt="" loading="lazy" decoding="async" />;
}

export function ImportFiles({ rows, onToggle, disabled }: Props) {
  const t = useT();
  const f = useFormat();
  return (
    <ul className="import-files" aria-label={t('importer.filesLabel')}>
      {rows.map((row) => {
        const i = row.inspection;
        const name = row.picked.path.split('/').pop() ?? row.picked.path;
        const checkId = `import-file-${row.id}`;
        return (
          <li key={row.id} className={row.include ? 'import-file' : 'import-file import-file--excluded'}>
            <div className="import-file__thumb" dir="ltr">
              <Thumbnail file={row.picked.file} />
            </div>
            <div className="import-file__facts">
              <label className="import-file__pick" htmlFor={checkId}>
                <input id={checkId} type="checkbox" checked={row.include} disabled={disabled || !i || !i.supported || i.duplicate !== 'none'} onChange={(e) => onToggle(row.id, e.target.checked)} />
                <span className="import-file__name" dir="auto">
                  {name}
                </span>
              </label>
              {i ? (
                <>
                  <span className="import-file__date">{i.takenFrom === 'import' ? t('importer.noDate') : t(i.takenFrom === 'file' ? 'importer.fileDate' : 'importer.takenDate', { date: f.dateTime(i.takenAt) })}</span>
                  {!i.supported ? <span className="tag tag--warning">{t('importer.unsupported')}</span> : null}
                  {i.duplicate === 'this-patient' ? <span className="tag tag--warning">{t('importer.duplicateHere')}</span> : null}
                  {i.duplicate === 'other-patient' ? <span className="tag tag--warning">{t('importer.duplicateElsewhere')}</span> : null}
                </>
              ) : (
                <span className="muted">{t('importer.checking')}</span>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
