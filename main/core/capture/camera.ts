// The camera driver interface. Every driver hands image bytes over in memory; the ingest path is
// the same for all of them. Nothing a driver produces is written to disk unencrypted.
export interface CapturedFrame {
  readonly bytes: Buffer;
  /** Device description recorded with the photo, e.g. "Simulated camera (built-in)". */
  readonly device: string;
}

export interface CameraDriver {
  readonly id: string;
  readonly label: string;
  readonly kind: 'simulated' | 'tethered' | 'webcam';
  capture(): Promise<CapturedFrame>;
}

export class CameraRegistry {
  private readonly drivers = new Map<string, CameraDriver>();

  constructor(drivers: readonly CameraDriver[]) {
    for (const d of drivers) this.drivers.set(d.id, d);
  }

  list(): CameraDriver[] {
    return [...this.drivers.values()];
  }

  get(id: string): CameraDriver | undefined {
    return this.drivers.get(id);
  }

  /** The simulated camera is the default only when nothing real is attached. */
  defaultId(): string | undefined {
    const all = this.list();
    return (all.find((d) => d.kind !== 'simulated') ?? all[0])?.id;
  }
}
