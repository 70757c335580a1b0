// Builds the renderer's `window.clinic` object from the contract. Both the Electron preload and the
// browser shell's bridge script call this, so the two shells expose exactly the same surface.
import { contract, type Area, type ChannelName, type MethodOf, type RequestOf, type ResponseOf } from './contract';
import type { Result } from './result';

export type ClinicApi = {
  readonly [A in Area]: {
    readonly [M in MethodOf<A>]: (request: RequestOf<A, M>) => Promise<Result<ResponseOf<A, M>>>;
  };
};

export type Invoke = (channel: ChannelName, request: unknown) => Promise<unknown>;

export const buildClinicApi = (invoke: Invoke): ClinicApi => {
  const api: Record<string, Record<string, (request: unknown) => Promise<unknown>>> = {};
  for (const [area, methods] of Object.entries(contract)) {
    const group: Record<string, (request: unknown) => Promise<unknown>> = {};
    for (const method of Object.keys(methods)) {
      const name = `${area}.${method}` as ChannelName;
      group[method] = (request: unknown) => invoke(name, request ?? {});
    }
    api[area] = Object.freeze(group);
  }
  return Object.freeze(api) as unknown as ClinicApi;
};
