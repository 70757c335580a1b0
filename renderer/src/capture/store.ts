// Capture standards state for the capture screen: the chosen body site, side and view (the
// capture context sent with every photo), the running template and its step, and the last
// capture awaiting the photographer's keep-or-retake decision. The camera code reads `context`
// and reports each capture with `noteCapture`; everything else stays inside renderer/src/capture/.
import { useMemo } from 'react';
import { create } from 'zustand';
import type { CaptureContext, Photo } from '../../../shared/domain';
import { findBodySite, type BodySiteConcept } from '../../../shared/value-sets/body-sites';
import { findTemplate, type CaptureTemplate } from '../../../shared/value-sets/templates';
import { lateralitiesFor, type Laterality, type View } from '../../../shared/value-sets/views';

interface TemplateRun {
  readonly id: string;
  readonly step: number;
  /** Photo id taken for each step, or 'skipped'. */
  readonly results: Readonly<Record<number, string>>;
}

interface CaptureStandardsState {
  site: BodySiteConcept | null;
  laterality: Laterality | null;
  view: View | null;
  run: TemplateRun | null;
  /** The photo just taken, shown with its quality result until kept, retaken or replaced. */
  lastCapture: Photo | null;
  /** Captures discarded at the retake prompt, hidden from the gallery without a reload. */
  discarded: ReadonlySet<string>;
  chooseSite(code: string, laterality?: Laterality): void;
  chooseLaterality(laterality: Laterality): void;
  chooseView(view: View): void;
  startTemplate(id: string): void;
  stopTemplate(): void;
  goToStep(step: number): void;
  skipStep(): void;
  noteCapture(photo: Photo): void;
  keepLast(): void;
  markDiscarded(photoId: string): void;
  reset(): void;
}

const initial = { site: null, laterality: null, view: null, run: null, lastCapture: null, discarded: new Set<string>() } as const;

/** A side the site accepts: kept if still valid, the only choice for unpaired sites, else none. */
const fitLaterality = (site: BodySiteConcept, wanted: Laterality | null): Laterality | null => {
  const allowed = lateralitiesFor(site.paired);
  if (wanted && allowed.includes(wanted)) return wanted;
  return allowed.length === 1 ? allowed[0]! : null;
};

const stepState = (template: CaptureTemplate, step: number) => {
  const shot = template.shots[step]!;
  const site = findBodySite(shot.siteCode)!;
  return { site, laterality: shot.laterality, view: shot.view };
};

export const useCaptureStandards = create<CaptureStandardsState>((set, get) => ({
  ...initial,
  chooseSite(code, laterality) {
    const site = findBodySite(code);
    if (site) set((s) => ({ site, laterality: fitLaterality(site, laterality ?? s.laterality) }));
  },
  chooseLaterality(laterality) {
    const { site } = get();
    if (!site || lateralitiesFor(site.paired).includes(laterality)) set({ laterality });
  },
  chooseView: (view) => set({ view }),
  startTemplate(id) {
    const template = findTemplate(id);
    if (template) set({ run: { id, step: 0, results: {} }, lastCapture: null, ...stepState(template, 0) });
  },
  stopTemplate: () => set({ run: null }),
  goToStep(step) {
    const { run } = get();
    const template = run && findTemplate(run.id);
    if (!run || !template || step < 0 || step >= template.shots.length) return;
    set({ run: { ...run, step }, lastCapture: null, ...stepState(template, step) });
  },
  skipStep() {
    const { run } = get();
    if (!run) return;
    set({ run: { ...run, results: { ...run.results, [run.step]: 'skipped' } } });
    advance(get, set);
  },
  noteCapture(photo) {
    const { run } = get();
    const forStep = run && photo.context?.template?.id === run.id ? photo.context.template.step : null;
    set({ lastCapture: photo, ...(run && forStep !== null ? { run: { ...run, results: { ...run.results, [forStep]: photo.id } } } : {}) });
    // A photo that passed every check moves the template on; a failed one waits for keep or retake.
    if (forStep !== null && (photo.quality?.failed.length ?? 0) === 0) advance(get, set, true);
  },
  keepLast() {
    const { run } = get();
    set({ lastCapture: null });
    if (run) advance(get, set);
  },
  markDiscarded(photoId) {
    set((s) => {
      const results = s.run ? Object.fromEntries(Object.entries(s.run.results).filter(([, id]) => id !== photoId)) : {};
      return { discarded: new Set([...s.discarded, photoId]), lastCapture: null, run: s.run ? { ...s.run, results } : null };
    });
  },
  reset: () => set({ ...initial, discarded: new Set<string>() }),
}));

/** Moves to the next step that has no photo yet; stays on the last step when the run is complete. */
function advance(get: () => CaptureStandardsState, set: (p: Partial<CaptureStandardsState>) => void, keepLastCapture = false) {
  const { run } = get();
  const template = run && findTemplate(run.id);
  if (!run || !template) return;
  const next = template.shots.findIndex((_, i) => i > run.step && !(i in run.results));
  if (next >= 0) set({ run: { ...run, step: next }, ...stepState(template, next), ...(keepLastCapture ? {} : { lastCapture: null }) });
}

/** The context to send with a capture, or null while anything is missing. */
export function selectCaptureContext(s: Pick<CaptureStandardsState, 'site' | 'laterality' | 'view' | 'run'>): CaptureContext | null {
  if (!s.site || !s.laterality || !s.view) return null;
  const context: CaptureContext = { bodySite: { code: s.site.code, display: s.site.display }, laterality: s.laterality, view: s.view };
  return s.run ? { ...context, template: { id: s.run.id, step: s.run.step } } : context;
}

/** The current capture context for the camera code (stable between renders while unchanged). */
export function useCaptureContext(): CaptureContext | null {
  const site = useCaptureStandards((s) => s.site);
  const laterality = useCaptureStandards((s) => s.laterality);
  const view = useCaptureStandards((s) => s.view);
  const run = useCaptureStandards((s) => s.run);
  return useMemo(() => selectCaptureContext({ site, laterality, view, run }), [site, laterality, view, run]);
}
