// The editor's tools and their keyboard shortcuts (letters, as in most drawing programs; the
// shortcut list on screen comes from the catalogue).
import type { MessageId } from '../i18n';

export const TOOLS = ['select', 'arrow', 'text', 'freehand', 'ellipse', 'rectangle', 'polygon', 'ruler', 'angle', 'areaPolygon', 'areaEllipse', 'lesion', 'calibrate'] as const;
export type Tool = (typeof TOOLS)[number];

export const TOOL_KEYS: Readonly<Record<string, Tool>> = {
  v: 'select',
  a: 'arrow',
  t: 'text',
  f: 'freehand',
  e: 'ellipse',
  r: 'rectangle',
  p: 'polygon',
  m: 'ruler',
  g: 'angle',
  s: 'areaPolygon',
  l: 'lesion',
  c: 'calibrate',
};

export const TOOL_LABEL: Readonly<Record<Tool, MessageId>> = {
  select: 'annotate.tool.select',
  arrow: 'annotate.tool.arrow',
  text: 'annotate.tool.text',
  freehand: 'annotate.tool.freehand',
  ellipse: 'annotate.tool.ellipse',
  rectangle: 'annotate.tool.rectangle',
  polygon: 'annotate.tool.polygon',
  ruler: 'annotate.tool.ruler',
  angle: 'annotate.tool.angle',
  areaPolygon: 'annotate.tool.areaPolygon',
  areaEllipse: 'annotate.tool.areaEllipse',
  lesion: 'annotate.tool.lesion',
  calibrate: 'annotate.tool.calibrate',
};

/** Tools that draw by dragging from one point to another. */
export const DRAG_TOOLS: ReadonlySet<Tool> = new Set(['arrow', 'ellipse', 'rectangle', 'ruler', 'areaEllipse', 'calibrate']);
/** Tools that place points one click at a time. */
export const CLICK_TOOLS: ReadonlySet<Tool> = new Set(['polygon', 'areaPolygon', 'angle']);
