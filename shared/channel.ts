// How a bridge channel is declared: request and response schemas, and its policy, which the core's
// router applies to every call: who may call it, whether a call counts as user activity for the
// idle lock, and the audit action it records. Area files under shared/channels/ use these;
// shared/contract.ts assembles them. A channel without an access policy or an audit declaration
// does not compile.
import { z } from 'zod';
import type { AuditAction } from './audit-actions';
import type { Permission } from './permissions';

/**
 * Who may call a channel. `public` channels work without a session (setup and sign-in only);
 * `session` needs a signed-in user; a permission needs a signed-in user whose role grants it;
 * `local` needs the permission and a local client (the CLI, in the same process as the core): the
 * renderer's bridge does not carry it, and the router refuses it from a window as unknown.
 */
export type Access =
  | { readonly kind: 'public' }
  | { readonly kind: 'session' }
  | { readonly kind: 'permission'; readonly permission: Permission }
  | LocalAccess;
export type LocalAccess = { readonly kind: 'local'; readonly permission: Permission };

export interface ChannelDef<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType, A extends Access = Access> {
  readonly request: Req;
  readonly response: Res;
  readonly access: A;
  /**
   * The action this use-case records in the audit trail; the router records a refused call under
   * it too. `null`: a read that records nothing when it succeeds (its refusals are recorded as
   * `request.denied` with the channel's name).
   */
  readonly audit: AuditAction | null;
  /**
   * Whether a call counts as user activity for the idle lock. Polls and status reads that the
   * renderer makes on a timer declare `false`, so a screen left open still locks.
   */
  readonly activity: boolean;
}

type Declared<Req extends z.ZodType, Res extends z.ZodType, A extends Access> = Omit<ChannelDef<Req, Res, A>, 'activity'> & { readonly activity?: boolean };

/** Declares a channel; `activity` defaults to true (a call made because a person acted). */
export const channel = <Req extends z.ZodType, Res extends z.ZodType, A extends Access = Access>(def: Declared<Req, Res, A>): ChannelDef<Req, Res, A> => ({
  activity: true,
  ...def,
});
export const publicAccess: Access = { kind: 'public' };
export const sessionAccess: Access = { kind: 'session' };
export const needs = (permission: Permission): Access => ({ kind: 'permission', permission });
export const localOnly = (permission: Permission): LocalAccess => ({ kind: 'local', permission });
export const Empty = z.object({}).strict();
