// How a bridge channel is declared: request and response schemas and the access it requires.
// Area files under shared/channels/ use these; shared/contract.ts assembles them.
import { z } from 'zod';
import type { Permission } from './permissions';

/**
 * Who may call a channel. `public` channels work without a session (setup and sign-in only);
 * `session` needs a signed-in user; a permission needs a signed-in user whose role grants it.
 */
export type Access =
  | { readonly kind: 'public' }
  | { readonly kind: 'session' }
  | { readonly kind: 'permission'; readonly permission: Permission };

export interface ChannelDef<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly response: Res;
  readonly access: Access;
}

export const channel = <Req extends z.ZodType, Res extends z.ZodType>(def: ChannelDef<Req, Res>): ChannelDef<Req, Res> => def;
export const publicAccess: Access = { kind: 'public' };
export const sessionAccess: Access = { kind: 'session' };
export const needs = (permission: Permission): Access => ({ kind: 'permission', permission });
export const Empty = z.object({}).strict();
