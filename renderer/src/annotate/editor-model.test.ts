// The editor's pure parts: undo and redo over document snapshots, deleting a shape a lesion
// marker measures, ids that never collide, and shape geometry (handles, moving, hit testing).
import { describe, expect, it } from 'vitest';
import type { AnnotationDocument, Shape } from '../../../shared/annotations/document';
import { addLayer, addShape, canRedo, canUndo, commit, deleteShape, nextShapeId, redo, replaceShape, startHistory, undo } from './editor-model';
import { controlPoints, hitTest, moveShape, withControlPoints } from './geometry';

const ruler: Shape = { id: 'ruler1', kind: 'ruler', from: { x: 0, y: 0 }, to: { x: 100, y: 0 } };
const marker: Shape = { id: 'lesion1', kind: 'lesion', at: { x: 50, y: 10 }, lesionId: 'a'.repeat(32), measures: ['ruler1'] };

describe('editor history', () => {
  it('undoes and redoes every change, and a new change drops what could be redone', () => {
    let h = startHistory({ calibration: null, layers: [] });
    expect(h.present.layers.map((l) => l.id)).toEqual(['markings', 'measurements']);
    h = commit(h, addShape(h.present, 'measurements', ruler));
    h = commit(h, addShape(h.present, 'measurements', marker));
    expect(canUndo(h)).toBe(true);
    h = undo(h);
    expect(h.present.layers[1]!.shapes).toEqual([ruler]);
    expect(canRedo(h)).toBe(true);
    h = redo(h);
    expect(h.present.layers[1]!.shapes).toEqual([ruler, marker]);
    h = undo(undo(h));
    expect(h.present.layers[1]!.shapes).toEqual([]);
    h = commit(h, addShape(h.present, 'markings', { id: 'text1', kind: 'text', at: { x: 1, y: 1 }, text: 'x' }));
    expect(canRedo(h)).toBe(false);
    expect(undo(startHistory(h.present))).toEqual(startHistory(h.present));
  });

  it('deletes a shape and forgets it in the lesion markers that measured it', () => {
    const doc: AnnotationDocument = { calibration: null, layers: [{ id: 'm', name: 'M', shapes: [ruler, marker] }] };
    const after = deleteShape(doc, 'ruler1');
    expect(after.layers[0]!.shapes).toEqual([{ ...marker, measures: [] }]);
    expect(replaceShape(doc, { ...ruler, to: { x: 5, y: 5 } }).layers[0]!.shapes[0]).toMatchObject({ to: { x: 5, y: 5 } });
  });

  it('gives new shapes and layers ids that are not taken', () => {
    const doc: AnnotationDocument = { calibration: null, layers: [{ id: 'layer-2', name: 'M', shapes: [ruler] }] };
    expect(nextShapeId(doc, 'ruler')).toBe('ruler2');
    expect(nextShapeId(doc, 'angle')).toBe('angle1');
    expect(addLayer(doc, 'Injections').layerId).toBe('layer-3');
  });
});

describe('shape geometry', () => {
  it('moves every kind of shape by its control points, and edits one point', () => {
    const ellipse: Shape = { id: 'e', kind: 'ellipse', center: { x: 10, y: 10 }, rx: 5, ry: 3 };
    expect(moveShape(ellipse, 2, -1)).toEqual({ ...ellipse, center: { x: 12, y: 9 } });
    expect(controlPoints(ellipse)).toEqual([{ x: 10, y: 10 }, { x: 15, y: 10 }, { x: 10, y: 13 }]);
    const wider = withControlPoints(ellipse, [{ x: 10, y: 10 }, { x: 30, y: 10 }, { x: 10, y: 13 }]);
    expect(wider).toMatchObject({ rx: 20, ry: 3 });
    const angle: Shape = { id: 'g', kind: 'angle', vertex: { x: 0, y: 0 }, a: { x: 1, y: 0 }, b: { x: 0, y: 1 } };
    expect(moveShape(angle, 1, 1)).toMatchObject({ vertex: { x: 1, y: 1 }, a: { x: 2, y: 1 }, b: { x: 1, y: 2 } });
  });

  it('hits the top-most shape near the pointer, and nothing far from every shape', () => {
    const rect: Shape = { id: 'r', kind: 'rectangle', from: { x: 0, y: 0 }, to: { x: 100, y: 100 } };
    expect(hitTest([rect, ruler], { x: 50, y: 2 }, 4)?.id).toBe('ruler1');
    expect(hitTest([rect], { x: 100, y: 50 }, 4)?.id).toBe('r');
    expect(hitTest([rect], { x: 50, y: 50 }, 4)).toBeNull();
  });
});
