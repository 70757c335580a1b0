// Import in the app: drop files or folders, or choose files, a folder or a camera's memory card
// (its DCIM folder: the same folder picker in the browser shell and in Electron); choose the
// patient and encounter; see every photo's thumbnail, own date and duplicate flag from the core
// before committing; then import with a progress bar, count, time left and cancel.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { IMPORT_INSPECT_BATCH, IMPORT_MAX_FILE_BYTES } from '../../../shared/channels/imports';
import type { Patient } from '../../../shared/domain';
import type { BridgeError } from '../../../shared/result';
import { call } from '../app/clinic';
import { messageFor } from '../app/errors';
import { useAppStore } from '../app/store';
import { Dialog } from '../components/Dialog';
import { ErrorMessage } from '../components/Notice';
import { useT } from '../i18n';
import { describeFile, fromDrop, fromFileList, importable, toBase64, type FileDescription, type PickedFile } from './files';
import { ImportFiles, type ImportRow } from './ImportFiles';
import { ImportProgressBar } from './ImportProgressBar';
import { runImport, type ImportProgress } from './import-run';
import { ImportTarget, type EncounterChoice } from './ImportTarget';
import './import.css';

/** What the photo's device says about where it came from (stored data, not screen text). */
const DEVICE = { files: 'File import', card: 'Memory card import' } as const;

interface Props {
  readonly patient?: Patient | null;
  readonly onClose: () => void;
  /** After an import that added at least one photo. */
  readonly onImported?: (patientId: string) => void;
}

let nextRowId = 0;

export function ImportDialog({ patient: initialPatient = null, onClose, onImported }: Props) {
  const t = useT();
  const canStartEncounter = useAppStore((s) => s.session?.permissions.includes('encounter.write') ?? false);
  const [patient, setPatient] = useState<Patient | null>(initialPatient);
  const [encounter, setEncounter] = useState<EncounterChoice>({ kind: 'none' });
  const [rows, setRows] = useState<ImportRow[]>([]);
  const [source, setSource] = useState<keyof typeof DEVICE>('files');
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<BridgeError | null>(null);
  const [unreadable, setUnreadable] = useState(false);
  const [encountersVersion, setEncountersVersion] = useState(0);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const abort = useRef<AbortController | null>(null);
  const descriptions = useRef(new Map<string, FileDescription>());
  const running = progress !== null && !progress.finished;
  const tooLarge = rows.filter((r) => r.picked.file.size > IMPORT_MAX_FILE_BYTES).length;

  function add(picked: readonly PickedFile[], from: keyof typeof DEVICE) {
    const fresh = importable(picked).filter((p) => !rows.some((r) => r.picked.path === p.path && r.picked.file.size === p.file.size));
    setSource(from);
    setProgress(null);
    setRows((old) => [...old, ...fresh.map((p) => ({ id: String(nextRowId++), picked: p, include: p.file.size <= IMPORT_MAX_FILE_BYTES, inspection: null }))]);
  }

  // Ask the core what each file is, for this patient, whenever files or the patient change.
  const patientId = patient?.id ?? null;
  const uninspected = rows.filter((r) => r.inspection === null).map((r) => r.id).join(',');
  useEffect(() => {
    if (!patientId || uninspected === '') return;
    let stale = false;
    void (async () => {
      const todo = rows.filter((r) => r.inspection === null);
      for (let i = 0; i < todo.length && !stale; i += IMPORT_INSPECT_BATCH) {
        const batch = todo.slice(i, i + IMPORT_INSPECT_BATCH);
        const files: FileDescription[] = [];
        try {
          for (const row of batch) {
            let d = descriptions.current.get(row.id);
            if (!d) descriptions.current.set(row.id, (d = await describeFile(row.picked.file)));
            files.push(d);
          }
        } catch {
          // A file that cannot be read (a card pulled out, a file removed meanwhile).
          if (!stale) setUnreadable(true);
          return;
        }
        const r = await call((api) => api.imports.inspect({ patientId, files }));
        if (stale) return;
        if (!r.ok) return setError(r.error);
        const byId = new Map(batch.map((row, k) => [row.id, r.value[k]!]));
        setRows((old) =>
          old.map((row) => {
            const inspection = byId.get(row.id);
            return inspection ? { ...row, inspection, include: row.include && inspection.supported && inspection.duplicate === 'none' } : row;
          }),
        );
      }
    })();
    return () => {
      stale = true;
    };
    // Runs again only when the patient or the set of unchecked files changes: `rows` is read for
    // the ids in `uninspected`, and answers are merged by id, so a newer list is safe.
  }, [patientId, uninspected]);

  function choosePatient(p: Patient | null) {
    setPatient(p);
    setEncounter({ kind: 'none' });
    // Duplicates depend on the patient: ask again.
    setRows((old) => old.map((r) => ({ ...r, inspection: null, include: r.picked.file.size <= IMPORT_MAX_FILE_BYTES })));
  }

  async function start() {
    if (!patient) return;
    setError(null);
    let encounterId: string | null = encounter.kind === 'existing' ? encounter.id : null;
    if (encounter.kind === 'new') {
      const started = await call((api) => api.encounters.start({ patientId: patient.id, reason: t('importer.newEncounterReason') }));
      if (!started.ok) return setError(started.error);
      encounterId = started.value.id;
      setEncounter({ kind: 'existing', id: encounterId });
      setEncountersVersion((v) => v + 1);
    }
    const chosen = rows.filter((r) => r.include);
    const controller = new AbortController();
    abort.current = controller;
    const byId = new Map(chosen.map((r) => [r.id, r]));
    const imported = new Set<string>();
    await runImport(
      chosen.map((r) => ({ id: r.id, bytes: r.picked.file.size })),
      async (item) => {
        const file = byId.get(item.id)!.picked.file;
        const imageBase64 = toBase64(new Uint8Array(await file.arrayBuffer()));
        const fileModifiedAt = file.lastModified > 0 ? new Date(file.lastModified).toISOString() : undefined;
        const added = await call((api) => api.imports.add({ patientId: patient.id, encounterId, imageBase64, device: DEVICE[source], ...(fileModifiedAt ? { fileModifiedAt } : {}) }));
        if (added.ok) imported.add(item.id);
        return added;
      },
      { signal: controller.signal, onProgress: setProgress },
    );
    abort.current = null;
    // What was imported leaves the list; what failed or was not reached (cancel) stays, to be tried again.
    setRows((old) => old.filter((r) => !imported.has(r.id)));
    if (imported.size > 0) onImported?.(patient.id);
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    if (running) return;
    void fromDrop(event.dataTransfer).then((picked) => add(picked, 'files'));
  }

  const included = rows.filter((r) => r.include).length;
  const failures = new Map(progress?.failed.map((f) => [f.id, f.error]) ?? []);
  const close = () => {
    abort.current?.abort();
    onClose();
  };

  return (
    <Dialog title={t('importer.title')} onClose={close} className="dialog--import">
      <div className="import">
        <ImportTarget patient={patient} onPatient={choosePatient} encounter={encounter} onEncounter={setEncounter} canStartEncounter={canStartEncounter} disabled={running} encountersVersion={encountersVersion} />
        <div
          className={dragging ? 'import-drop import-drop--over' : 'import-drop'}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="import-drop"
        >
          <p>{t('importer.dropHere')}</p>
          <div className="import-drop__buttons">
            <label className="button button--secondary">
              {t('importer.chooseFiles')}
              <input type="file" multiple accept="image/jpeg,image/png" className="visually-hidden" disabled={running} onChange={(e) => (e.target.files ? add(fromFileList(e.target.files), 'files') : undefined, (e.target.value = ''))} />
            </label>
            <label className="button button--secondary">
              {t('importer.chooseCard')}
              <input
                type="file"
                multiple
                className="visually-hidden"
                disabled={running}
                ref={(el) => el?.setAttribute('webkitdirectory', '')}
                onChange={(e) => (e.target.files ? add(fromFileList(e.target.files), 'card') : undefined, (e.target.value = ''))}
              />
            </label>
          </div>
          <p className="field__hint">{t('importer.cardHint')}</p>
        </div>
        <ErrorMessage>{error ? messageFor(error) : unreadable ? t('importer.fileUnreadable') : null}</ErrorMessage>
        {rows.length > 0 ? (
          <p className="import__summary" role="status">
            {patient ? t('importer.selectedCount', { count: included, total: rows.length }) : t('importer.choosePatientFirst', { total: rows.length })}
            {tooLarge > 0 ? ` ${t('importer.tooLarge', { count: tooLarge })}` : ''}
          </p>
        ) : null}
        {rows.length > 0 ? <ImportFiles rows={rows} onToggle={(id, include) => setRows((old) => old.map((r) => (r.id === id ? { ...r, include } : r)))} disabled={running} /> : null}
        {progress ? <ImportProgressBar progress={progress} failures={[...failures].map(([id, e]) => ({ name: rows.find((r) => r.id === id)?.picked.path ?? id, error: e }))} /> : null}
        <div className="form-actions import__actions">
          {running ? (
            <button type="button" className="button button--secondary" onClick={() => abort.current?.abort()}>
              {t('importer.cancelImport')}
            </button>
          ) : (
            <>
              <button type="button" className="button button--secondary" onClick={close}>
                {progress?.finished ? t('importer.done') : t('common.cancel')}
              </button>
              <button type="button" className="button button--primary" disabled={!patient || included === 0 || rows.some((r) => r.include && !r.inspection)} onClick={() => void start()}>
                {t('importer.importCount', { count: included })}
              </button>
            </>
          )}
        </div>
      </div>
    </Dialog>
  );
}
