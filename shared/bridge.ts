// Typed APIs over the contract. `buildClinicApi` builds the renderer's `window.clinic` (both the
// Electron preload and the browser shell's bridge call it, so the two shells expose exactly the
// same surface); it leaves out local-only channels. `buildLocalApi` is the same over every channel,
// for the CLI and tests, which call the core in-process: nobody calls a channel by a name string.
import type { LocalAccess } from './channel';
import { contract, type Area, type ChannelName, type MethodOf, type RequestOf, type ResponseOf } from './contract';
import type { Result } from './result';

type Method<A extends Area, M extends MethodOf<A>> = (request: RequestOf<A, M>) => Promise<Result<ResponseOf<A, M>>>;
type IsLocal<A extends Area, M extends MethodOf<A>> = Contract[A][M] extends { readonly access: LocalAccess } ? true : false;
type Contract = typeof contract;

export type LocalApi = { readonly [A in Area]: { readonly [M in MethodOf<A>]: Method<A, M> } };
export type ClinicApi = {
  readonly [A in Area]: { readonly [M in MethodOf<A> as IsLocal<A, M> extends true ? never : M]: Method<A, M> };
};

export type Invoke = (channel: ChannelName, request: unknown) => Promise<unknown>;

function buildApi(invoke: Invoke, includeLocal: boolean): Record<string, Record<string, (request: unknown) => Promise<unknown>>> {
  const api: Record<string, Record<string, (request: unknown) => Promise<unknown>>> = {};
  for (const [area, methods] of Object.entries(contract)) {
    const group: Record<string, (request: unknown) => Promise<unknown>> = {};
    for (const [method, def] of Object.entries(methods)) {
      if (def.access.kind === 'local' && !includeLocal) continue;
      const name = `${area}.${method}` as ChannelName;
      group[method] = (request: unknown) => invoke(name, request ?? {});
    }
    api[area] = Object.freeze(group);
  }
  return Object.freeze(api);
}

export const buildClinicApi = (invoke: Invoke): ClinicApi => buildApi(invoke, false) as unknown as ClinicApi;
export const buildLocalApi = (invoke: Invoke): LocalApi => buildApi(invoke, true) as unknown as LocalApi;
