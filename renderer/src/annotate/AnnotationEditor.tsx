// The annotation editor for one photo: tools, the drawing stage, and side panels (calibration,
// layers, selection, lesions, measurements, versions). Edits stay on screen, with undo and redo,
// until "Save version" stores them as a new version; an earlier version opens read only. The
// photo is never changed: the shapes are stored beside it, in its upright pixel space.
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { Calibration, Shape } from '../../../shared/annotations/document';
import { measureShape } from '../../../shared/annotations/measure';
import type { Lesion } from '../../../shared/channels/annotations';
import type { Photo } from '../../../shared/domain';
import { Dialog } from '../components/Dialog';
import { CallError } from '../data/CallError';
import { useQuery, useSubmit } from '../data/hooks';
import { useFormat, useT } from '../i18n';
import { AnnotationStage, type Draft } from './AnnotationStage';
import { CalibrationPanel } from './CalibrationPanel';
import { shapeFromDraft } from './draft-shape';
import { addLayer, addShape, canRedo, canUndo, commit, defaultLayers, deleteShape, findShape, nextShapeId, redo, replaceShape, setCalibration, startHistory, undo, type History } from './editor-model';
import { LesionPanel } from './LesionPanel';
import { measurementText } from './measure-label';
import { announceSaved } from './saved-signal';
import { LayersPanel, MeasurementsPanel, SelectionPanel, VersionsPanel } from './SidePanels';
import { TOOL_KEYS, TOOL_LABEL, TOOLS, type Tool } from './tools';
import './annotate.css';

interface Props {
  readonly photo: Photo;
  readonly title: string;
  readonly onClose: () => void;
}

const KIND_OF_TOOL: Partial<Record<Tool, Shape['kind']>> = { areaPolygon: 'area', areaEllipse: 'area' };
/** Measuring tools draw on the Measurements layer and the others on Markings, when those layers exist. */
const MEASURING_TOOLS: ReadonlySet<Tool> = new Set(['ruler', 'angle', 'areaPolygon', 'areaEllipse', 'lesion']);

export function AnnotationEditor({ photo, title, onClose }: Props) {
  const t = useT();
  const f = useFormat();
  const opened = useQuery(['photos.open', photo.id, 'annotate'], (api) => api.photos.open({ photoId: photo.id }));
  const [viewing, setViewing] = useState<number | undefined>(undefined);
  const loaded = useQuery(['annotations.get', photo.id, viewing ?? 'current'], (api) => api.annotations.get({ photoId: photo.id, ...(viewing ? { version: viewing } : {}) }));
  const [history, setHistory] = useState<History | null>(null);
  const [base, setBase] = useState<number | null>(null);
  const [tool, setTool] = useState<Tool>('select');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [activeLayer, setActiveLayer] = useState('markings');
  const [lesion, setLesion] = useState<Lesion | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const save = useSubmit();

  // The current version (or an empty document) becomes the editable one whenever it is (re)loaded;
  // only a newly loaded document resets the editor, so the effect depends on nothing else.
  useEffect(() => {
    if (!loaded.data || viewing !== undefined) return;
    const layers = defaultLayers({ markings: t('annotate.layerMarkings'), measurements: t('annotate.layerMeasurements') });
    const h = startHistory(loaded.data.document, layers);
    setHistory(h);
    setBase(loaded.data.current);
    if (!h.present.layers.some((l) => l.id === activeLayer)) setActiveLayer(h.present.layers[0]!.id);
  }, [loaded.data]);

  const readOnly = viewing !== undefined;
  const doc = readOnly ? (loaded.data?.document ?? null) : (history?.present ?? null);
  const dirty = !!history && history.past.length > 0;
  const change = (next: (d: NonNullable<typeof doc>) => NonNullable<typeof doc>) => setHistory((h) => (h ? commit(h, next(h.present)) : h));
  const lesions = useQuery(['annotations.listLesions', photo.id], (api) => api.annotations.listLesions({ photoId: photo.id }));
  const lesionsById = useMemo(() => new Map<string, Lesion>((lesions.data ?? []).map((l) => [l.id, l])), [lesions.data]);

  const labelOf = (shape: Shape): string | null => {
    if (shape.kind === 'lesion') {
      const l = lesionsById.get(shape.lesionId);
      return l ? t('annotate.lesionName', { number: l.number, label: l.label }) : t('annotate.lesion');
    }
    if (shape.kind === 'arrow') return shape.label ?? null;
    const m = doc ? measureShape(shape, doc.calibration) : null;
    return m ? measurementText(m, t, f) : null;
  };

  const finish = (d: Draft) => {
    if (!doc || readOnly) return;
    if (d.tool === 'calibrate') return;
    if (d.tool === 'lesion' && !lesion) return setNotice(t('annotate.lesionNeeded'));
    const kind = KIND_OF_TOOL[d.tool] ?? (d.tool as Shape['kind']);
    const shape = shapeFromDraft(d, nextShapeId(doc, kind), { doc, text: t('annotate.tool.text'), lesionId: lesion?.id ?? null, reach: Math.max(photo.width, photo.height) / 50 });
    if (!shape) return;
    setNotice(null);
    const layer = doc.layers.some((l) => l.id === activeLayer) ? activeLayer : doc.layers[0]!.id;
    change((current) => addShape(current, layer, shape));
    setSelectedId(shape.id);
  };

  const calibrate = (c: Calibration | null) => {
    change((current) => setCalibration(current, c));
    setDraft(null);
    if (tool === 'calibrate') setTool('select');
  };

  const removeSelected = () => {
    if (!selectedId) return;
    change((current) => deleteShape(current, selectedId));
    setSelectedId(null);
  };

  /** Picking a tool also picks its usual layer; the layer radio still overrides it afterwards. */
  const chooseTool = (name: Tool) => {
    setTool(name);
    setDraft(null);
    const layer = MEASURING_TOOLS.has(name) ? 'measurements' : name === 'select' || name === 'calibrate' ? null : 'markings';
    if (layer && doc?.layers.some((l) => l.id === layer)) setActiveLayer(layer);
  };

  const onKey = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (target.closest('input, textarea, select')) return;
    const key = e.key.toLowerCase();
    if ((e.ctrlKey || e.metaKey) && (key === 'z' || key === 'y')) {
      e.preventDefault();
      if (readOnly) return;
      setHistory((h) => (h ? (key === 'y' || e.shiftKey ? redo(h) : undo(h)) : h));
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (key === 'escape' && draft) {
      e.preventDefault();
      setDraft(null);
    } else if (key === 'enter' && draft) {
      e.preventDefault();
      if (draft.points.length >= 3 && draft.tool !== 'angle') finish(draft);
      setDraft(null);
    } else if ((key === 'delete' || key === 'backspace') && selectedId && !readOnly) {
      e.preventDefault();
      removeSelected();
    } else if (TOOL_KEYS[key] && !readOnly) {
      e.preventDefault();
      chooseTool(TOOL_KEYS[key]!);
    }
  };

  const saveVersion = async () => {
    if (!history) return;
    const result = await save.run((api) => api.annotations.save({ photoId: photo.id, baseVersion: base, document: history.present, ...(reason.trim() ? { reason: reason.trim() } : {}) }));
    if (result?.ok) {
      setReason('');
      setNotice(t('annotate.saved', { version: result.value.version }));
      announceSaved(photo.id);
      await loaded.reload();
    }
  };

  const selected = doc ? findShape(doc, selectedId) : null;
  const segment = draft?.tool === 'calibrate' && draft.points.length === 2 ? ([draft.points[0]!, draft.points[1]!] as const) : null;
  const handle = opened.data?.handle ?? null;

  return (
    <Dialog title={t('annotate.title', { photo: title })} onClose={onClose} className="dialog--annotate">
      <div className="annotate" onKeyDown={onKey} tabIndex={-1}>
        <div className="annotate__toolbar" role="toolbar" aria-label={t('annotate.tools')}>
          {TOOLS.map((name) => (
            <button key={name} type="button" aria-pressed={tool === name} disabled={readOnly && name !== 'select'} onClick={() => chooseTool(name)}>
              {t(TOOL_LABEL[name])}
            </button>
          ))}
          <span className="annotate__spacer" />
          <button type="button" disabled={readOnly || !history || !canUndo(history)} onClick={() => setHistory((h) => (h ? undo(h) : h))}>
            {t('annotate.undo')}
          </button>
          <button type="button" disabled={readOnly || !history || !canRedo(history)} onClick={() => setHistory((h) => (h ? redo(h) : h))}>
            {t('annotate.redo')}
          </button>
        </div>
        <p className="annotate__shortcuts">{t('annotate.shortcuts')}</p>
        <div className="annotate__body">
          {handle && doc ? (
            <AnnotationStage
              handle={handle}
              width={photo.width}
              height={photo.height}
              doc={doc}
              hiddenLayers={hidden}
              tool={tool}
              readOnly={readOnly}
              selectedId={selectedId}
              draft={draft}
              labelOf={labelOf}
              onDraft={setDraft}
              onFinish={finish}
              onSelect={setSelectedId}
              onChange={(shape) => change((current) => replaceShape(current, shape))}
              onImageError={() => void opened.reload()}
            />
          ) : (
            <div className="annotate-stage">
              <CallError error={opened.error ?? loaded.error} />
            </div>
          )}
          <div className="annotate__panel">
            {readOnly && loaded.data ? (
              <p className="annotate__readonly" role="status">
                {t('annotate.viewingOld', { version: loaded.data.version ?? 0, current: loaded.data.current ?? 0 })}{' '}
                <button type="button" className="link-button" onClick={() => setViewing(undefined)}>
                  {t('annotate.backToCurrent')}
                </button>
              </p>
            ) : null}
            {notice ? <p role="status">{notice}</p> : null}
            {doc ? (
              <>
                <CalibrationPanel photoId={photo.id} calibration={doc.calibration} readOnly={readOnly} segment={segment} onCalibrate={calibrate} />
                <MeasurementsPanel doc={doc} labelOf={labelOf} onSelect={(id) => (setTool('select'), setSelectedId(id))} />
                <SelectionPanel doc={doc} shape={selected} readOnly={readOnly} labelOf={labelOf} onChange={(shape) => change((current) => replaceShape(current, shape))} onDelete={removeSelected} />
                <LesionPanel photoId={photo.id} lesions={lesions} readOnly={readOnly} lesionId={lesion?.id ?? null} onChoose={setLesion} savedVersion={loaded.data?.current ?? null} />
                <LayersPanel
                  doc={doc}
                  hidden={hidden}
                  active={activeLayer}
                  readOnly={readOnly}
                  onToggle={(id) => setHidden((h) => (h.has(id) ? new Set([...h].filter((x) => x !== id)) : new Set([...h, id])))}
                  onActive={setActiveLayer}
                  onAdd={() => {
                    if (!history) return;
                    const added = addLayer(history.present, t('annotate.newLayerName', { number: history.present.layers.length + 1 }));
                    change(() => added.doc);
                    setActiveLayer(added.layerId);
                  }}
                />
              </>
            ) : null}
            {readOnly ? null : (
              <section className="annotate-panel__section">
                <label className="annotate-panel__field">
                  {t('annotate.reason')} ({t('common.optional')})
                  <input type="text" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
                </label>
                <div className="annotate-panel__row">
                  <button type="button" className="button--primary" disabled={!dirty || save.pending} onClick={() => void saveVersion()}>
                    {t('annotate.save')}
                  </button>
                  {dirty ? <span className="annotate__dirty">{t('annotate.unsaved')}</span> : null}
                </div>
                <CallError error={save.error} />
              </section>
            )}
            <VersionsPanel versions={loaded.data?.versions ?? []} viewing={loaded.data?.version ?? null} onView={setViewing} />
          </div>
        </div>
      </div>
    </Dialog>
  );
}
