// The camera driver interface. Every driver hands image bytes over in memory; the ingest path is
// the same for all of them. Nothing a driver produces is written to disk unencrypted.
// The registry knows the built-in drivers plus whatever discovery finds attached (tethered
// cameras through gphoto2); the simulated camera is the default only when nothing real is there.
import { CameraSessions } from './camera-sessions';
export interface CapturedFrame {
  readonly bytes: Buffer;
  /** Device description recorded with the photo, e.g. "Simulated camera (built-in)". */
  readonly device: string;
}

/** A running preview stream; `ended` resolves with null on a clean stop, or the error that ended it. */
export interface LiveView {
  stop(): Promise<void>;
  readonly ended: Promise<unknown>;
}

/** Tethered mode: the camera's own shutter takes photos and each one is handed over as it arrives. */
export interface TetheredSession {
  stop(): Promise<void>;
  readonly ended: Promise<unknown>;
}

export interface CameraDriver {
  readonly id: string;
  readonly label: string;
  readonly kind: 'simulated' | 'tethered' | 'webcam';
  capture(): Promise<CapturedFrame>;
  /** Preview frames (JPEG) as the camera produces them, where the camera supports it. */
  startLiveView?(onFrame: (jpeg: Buffer) => void): Promise<LiveView>;
  startTethered?(onPhoto: (frame: CapturedFrame) => void): Promise<TetheredSession>;
}

export type CameraDiscovery = () => Promise<CameraDriver[]>;

export class CameraRegistry {
  private readonly builtIn = new Map<string, CameraDriver>();
  private discovered = new Map<string, CameraDriver>();
  private lastDiscovery = 0;
  private pending: Promise<void> | null = null;
  /** Live views and tethered sessions currently running. */
  readonly sessions = new CameraSessions();

  constructor(
    drivers: readonly CameraDriver[],
    private readonly discover?: CameraDiscovery,
    private readonly discoveryTtlMs = 2000,
  ) {
    for (const d of drivers) this.builtIn.set(d.id, d);
  }

  /** Looks for attached cameras again (at most every couple of seconds); keeps drivers that are still there. */
  async refresh(): Promise<void> {
    if (!this.discover || Date.now() - this.lastDiscovery < this.discoveryTtlMs) return;
    this.pending ??= this.discover()
      .then((found) => {
        const next = new Map<string, CameraDriver>();
        // Keep the existing driver object for a camera that is still attached: it owns its USB session.
        for (const d of found) next.set(d.id, this.discovered.get(d.id) ?? d);
        this.discovered = next;
        this.lastDiscovery = Date.now();
      })
      .catch(() => undefined)
      .finally(() => {
        this.pending = null;
      });
    await this.pending;
  }

  list(): CameraDriver[] {
    return [...this.discovered.values(), ...this.builtIn.values()];
  }

  get(id: string): CameraDriver | undefined {
    return this.discovered.get(id) ?? this.builtIn.get(id);
  }

  /** The simulated camera is the default only when nothing real is attached. */
  defaultId(): string | undefined {
    const all = this.list();
    return (all.find((d) => d.kind !== 'simulated') ?? all[0])?.id;
  }
}
