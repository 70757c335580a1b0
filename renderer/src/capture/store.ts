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
  /** Every step has a photo or was skipped: no step is current and the shutter waits. */
  readonly complete: boolean;
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
  /** The photo the "saved" note is about; a discard of it withdraws the note. */
  saved: Photo | null;
  /** This capture session's photos, oldest first, for the filmstrip (discards leave it). */
  shots: readonly Photo[];
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
  /** Starts afresh when the patient (or the signed-in user) differs from the last one; keeps everything otherwise. */
  beginFor(owner: string): void;
  /** Whose capture session this is: `<user id>:<patient id>`. */
  owner: string | null;
}

const initial = { site: null, laterality: null, view: null, run: null, lastCapture: null, discarded: new Set<string>(), saved: null, shots: [], owner: null } as const;

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
    if (template) set({ run: { id, step: 0, results: {}, complete: false }, lastCapture: null, ...stepState(template, 0) });
  },
  stopTemplate: () => set({ run: null }),
  goToStep(step) {
    const { run } = get();
    const template = run && findTemplate(run.id);
    if (!run || !template || step < 0 || step >= template.shots.length) return;
    set({ run: { ...run, step, complete: false }, lastCapture: null, ...stepState(template, step) });
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
    set({ lastCapture: photo, saved: photo, shots: [...get().shots.filter((p) => p.id !== photo.id), photo], ...(run && forStep !== null ? { run: { ...run, results: { ...run.results, [forStep]: photo.id } } } : {}) });
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
      const shots = s.shots.filter((p) => p.id !== photoId);
      const saved = s.saved?.id === photoId ? null : s.saved;
      const base = { discarded: new Set([...s.discarded, photoId]), lastCapture: null, shots, saved };
      if (!s.run) return base;
      // The discarded photo's step is open again, and current: that is the shot to retake.
      const freed = Object.entries(s.run.results).find(([, id]) => id === photoId)?.[0];
      const results = Object.fromEntries(Object.entries(s.run.results).filter(([, id]) => id !== photoId));
      const template = findTemplate(s.run.id);
      if (freed === undefined || !template) return { ...base, run: { ...s.run, results } };
      const step = Number(freed);
      return { ...base, run: { ...s.run, results, step, complete: false }, ...stepState(template, step) };
    });
  },
  reset: () => set({ ...initial, discarded: new Set<string>() }),
  beginFor(owner) {
    if (get().owner !== owner) set({ ...initial, discarded: new Set<string>(), owner });
  },
}));

/**
 * Moves to the next step that has no photo yet (after the current one, then from the start, so a
 * step left open by a revisit is not forgotten). When none is left the run is complete: no step is
 * current, and the context (and with it the shutter) waits until a step is revisited or the
 * template is finished.
 */
function advance(get: () => CaptureStandardsState, set: (p: Partial<CaptureStandardsState>) => void, keepLastCapture = false) {
  const { run } = get();
  const template = run && findTemplate(run.id);
  if (!run || !template) return;
  const open = (i: number) => !(i in run.results);
  const after = template.shots.findIndex((_, i) => i > run.step && open(i));
  const next = after >= 0 ? after : template.shots.findIndex((_, i) => open(i));
  const keep = keepLastCapture ? {} : { lastCapture: null };
  if (next >= 0) set({ run: { ...run, step: next, complete: false }, ...stepState(template, next), ...keep });
  else set({ run: { ...run, complete: true }, ...keep });
}

/** The context to send with a capture, or null while anything is missing or the template is complete. */
export function selectCaptureContext(s: Pick<CaptureStandardsState, 'site' | 'laterality' | 'view' | 'run'>): CaptureContext | null {
  if (s.run?.complete) return null;
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
