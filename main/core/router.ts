// The router: the one door into the core, for the renderer, the CLI and tests alike. It applies the
// policy each channel declares in the contract (shared/channel.ts): it refuses unknown channels and
// local-only channels from a window, counts the call as user activity or not, checks session and
// permission (deny by default; refusals are audited under the channel's declared action),
// validates the payload, runs the use-case, validates what it returns, and turns every failure
// into a named error result.
import { z } from 'zod';
import type { ChannelDef } from '../../shared/channel';
import { findChannel, type Area, type ChannelName, type MethodOf, type ParsedRequestOf, type ResponseOf } from '../../shared/contract';
import { RESTRICTED_CHANNELS, type SessionRestriction } from '../../shared/channels/session';
import { isCoreError } from '../../shared/errors';
import { roleHasPermission } from '../../shared/permissions';
import { fail, ok, type Result } from '../../shared/result';
import type { UserSummary } from '../../shared/domain';
import type { Logger } from './support/log';

export interface Session {
  readonly user: UserSummary;
  readonly startedAt: Date;
  /** Set while the session is locked or must first change its password or enroll a second factor. */
  restriction?: SessionRestriction | null;
}

/** What a use-case sees of its caller. `session` is non-null for every non-public channel. */
export interface CallContext<S extends Session | null = Session | null> {
  readonly clientId: string;
  readonly session: S;
  /** A client in the core's own process (the CLI): the only kind that may call local channels. */
  readonly local?: boolean;
}

type HandlerFor<A extends Area, M extends MethodOf<A>> = (ctx: CallContext, request: ParsedRequestOf<A, M>) => Promise<ResponseOf<A, M>> | ResponseOf<A, M>;

/** One handler per channel; a missing one is a compile error. */
export type Handlers = { readonly [A in Area]: { readonly [M in MethodOf<A>]: HandlerFor<A, M> } };

export type DeniedCode = 'NOT_SIGNED_IN' | 'PERMISSION_DENIED' | 'LOCAL_ONLY';

export interface RouterHooks {
  /**
   * Runs first on every call: the idle lock's check, with whether the channel counts as activity
   * (an unknown channel does not).
   */
  onCall?(ctx: CallContext, activity: boolean): void;
  /** Records a refused call in the audit log when a workspace is open. */
  onDenied(ctx: CallContext, channel: ChannelName, def: ChannelDef, code: DeniedCode, payload: unknown): void;
}

export function createRouter(handlers: Handlers, hooks: RouterHooks, log: Logger) {
  return async function route(ctx: CallContext, channel: unknown, payload: unknown): Promise<Result<unknown>> {
    const def = typeof channel === 'string' ? findChannel(channel) : undefined;
    hooks.onCall?.(ctx, def?.activity ?? false);
    if (!def) return fail('UNKNOWN_CHANNEL', 'Unknown request.');
    const name = channel as ChannelName;
    // A local channel does not exist for a window: the same answer as for an unknown name.
    if (def.access.kind === 'local' && !ctx.local) {
      hooks.onDenied(ctx, name, def, 'LOCAL_ONLY', payload);
      return fail('UNKNOWN_CHANNEL', 'Unknown request.');
    }

    // A locked session may only unlock, switch user or sign out; a first sign-in must finish its
    // password change or second-factor enrollment before anything else.
    const restriction = ctx.session?.restriction;
    if (restriction && !RESTRICTED_CHANNELS[restriction].includes(name)) {
      return restriction === 'locked'
        ? fail('SESSION_LOCKED', 'This session is locked.')
        : fail('SESSION_SETUP_REQUIRED', 'Finish setting up your account first.');
    }

    if (def.access.kind !== 'public') {
      if (!ctx.session) {
        hooks.onDenied(ctx, name, def, 'NOT_SIGNED_IN', payload);
        return fail('NOT_SIGNED_IN', 'Please sign in.');
      }
      if ((def.access.kind === 'permission' || def.access.kind === 'local') && !roleHasPermission(ctx.session.user.role, def.access.permission)) {
        hooks.onDenied(ctx, name, def, 'PERMISSION_DENIED', payload);
        return fail('PERMISSION_DENIED', 'Your role does not allow this.');
      }
    }

    const parsed = def.request.safeParse(payload);
    if (!parsed.success) return validationFailure(parsed.error);

    const [area, method] = name.split('.') as [Area, string];
    const handler = (handlers[area] as Record<string, (c: CallContext, r: unknown) => unknown>)[method]!;
    try {
      const value = await handler(ctx, parsed.data);
      const checked = def.response.safeParse(value);
      if (!checked.success) {
        log.error('router.bad-response', checked.error, { channel: name });
        return fail('INTERNAL', 'The workstation produced an invalid answer.');
      }
      return ok(checked.data);
    } catch (error) {
      if (isCoreError(error)) return fail(error.code, error.message, error.fields);
      log.error('router.unexpected', error, { channel: name });
      return fail('INTERNAL', 'Something went wrong. The action was not completed.');
    }
  };
}

function validationFailure(error: z.ZodError): Result<never> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
  }
  return fail('VALIDATION_FAILED', 'Some fields need attention.', fields);
}
