// The annotation editor's document state, pure: the document being edited, with undo and redo as
// snapshots (documents are small; a snapshot per change is simpler and safer than inverse
// operations), and the edits the tools make. Layer visibility is how the screen shows the
// document, not part of it, so it is not undone and never saved.
import type { AnnotationDocument, Calibration, Layer, Shape } from '../../../shared/annotations/document';

export interface History {
  readonly past: readonly AnnotationDocument[];
  readonly present: AnnotationDocument;
  readonly future: readonly AnnotationDocument[];
}

/** Enough to undo a working session; older steps are dropped first. */
const MAX_UNDO = 200;

/** The two layers a new document starts with; their names are the screen's language (they are saved). */
export const defaultLayers = (names: { markings: string; measurements: string }): Layer[] => [
  { id: 'markings', name: names.markings, shapes: [] },
  { id: 'measurements', name: names.measurements, shapes: [] },
];

/** A document to edit: the saved one, or the default layers when it has none yet. */
export function startHistory(saved: AnnotationDocument, layers: Layer[] = defaultLayers({ markings: 'Markings', measurements: 'Measurements' })): History {
  return { past: [], present: saved.layers.length ? saved : { ...saved, layers }, future: [] };
}

export function commit(h: History, next: AnnotationDocument): History {
  if (next === h.present) return h;
  return { past: [...h.past, h.present].slice(-MAX_UNDO), present: next, future: [] };
}

export const canUndo = (h: History) => h.past.length > 0;
export const canRedo = (h: History) => h.future.length > 0;

export function undo(h: History): History {
  const previous = h.past.at(-1);
  return previous ? { past: h.past.slice(0, -1), present: previous, future: [h.present, ...h.future] } : h;
}

export function redo(h: History): History {
  const [next, ...rest] = h.future;
  return next ? { past: [...h.past, h.present], present: next, future: rest } : h;
}

export function addShape(doc: AnnotationDocument, layerId: string, shape: Shape): AnnotationDocument {
  return { ...doc, layers: doc.layers.map((l) => (l.id === layerId ? { ...l, shapes: [...l.shapes, shape] } : l)) };
}

export function replaceShape(doc: AnnotationDocument, shape: Shape): AnnotationDocument {
  return { ...doc, layers: doc.layers.map((l) => ({ ...l, shapes: l.shapes.map((s) => (s.id === shape.id ? shape : s)) })) };
}

/** Removes a shape, and its id from every lesion marker that listed it as a measurement. */
export function deleteShape(doc: AnnotationDocument, shapeId: string): AnnotationDocument {
  return {
    ...doc,
    layers: doc.layers.map((l) => ({
      ...l,
      shapes: l.shapes.filter((s) => s.id !== shapeId).map((s) => (s.kind === 'lesion' && s.measures.includes(shapeId) ? { ...s, measures: s.measures.filter((m) => m !== shapeId) } : s)),
    })),
  };
}

export function setCalibration(doc: AnnotationDocument, calibration: Calibration | null): AnnotationDocument {
  return { ...doc, calibration };
}

export function addLayer(doc: AnnotationDocument, name: string): { doc: AnnotationDocument; layerId: string } {
  const taken = new Set(doc.layers.map((l) => l.id));
  let n = doc.layers.length + 1;
  while (taken.has(`layer-${n}`)) n += 1;
  const layerId = `layer-${n}`;
  return { doc: { ...doc, layers: [...doc.layers, { id: layerId, name, shapes: [] }] }, layerId };
}

export const findShape = (doc: AnnotationDocument, id: string | null): Shape | null =>
  id === null ? null : (doc.layers.flatMap((l) => l.shapes).find((s) => s.id === id) ?? null);

/** A shape id not used in the document: the kind and the next free number ("ruler3"). */
export function nextShapeId(doc: AnnotationDocument, kind: Shape['kind']): string {
  const taken = new Set(doc.layers.flatMap((l) => l.shapes.map((s) => s.id)));
  let n = 1;
  while (taken.has(`${kind}${n}`)) n += 1;
  return `${kind}${n}`;
}
