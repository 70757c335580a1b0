// The bridge contract: every channel declared once, with its request and response schema and the
// access it requires. The preload, the browser shell's bridge and the core's router are all built
// from this object; a channel without an access policy does not compile.
import { z } from 'zod';
import type { Permission } from './permissions';
import {
  Camera,
  Encounter,
  Id,
  IsoDate,
  Mrn,
  Password,
  Patient,
  PersonName,
  Photo,
  PhotoHandle,
  Sex,
  UserSummary,
  Username,
} from './domain';

/**
 * Who may call a channel. `public` channels work without a session (setup and sign-in only);
 * `session` needs a signed-in user; a permission needs a signed-in user whose role grants it.
 */
export type Access = { readonly kind: 'public' } | { readonly kind: 'session' } | { readonly kind: 'permission'; readonly permission: Permission };

export interface ChannelDef<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly response: Res;
  readonly access: Access;
}

const channel = <Req extends z.ZodType, Res extends z.ZodType>(def: ChannelDef<Req, Res>): ChannelDef<Req, Res> => def;
const publicAccess: Access = { kind: 'public' };
const sessionAccess: Access = { kind: 'session' };
const needs = (permission: Permission): Access => ({ kind: 'permission', permission });
const Empty = z.object({}).strict();

const SessionInfo = z.object({ user: UserSummary, clinicName: z.string(), permissions: z.array(z.string()) });

export const contract = {
  setup: {
    status: channel({
      request: Empty,
      response: z.object({ initialized: z.boolean(), clinicName: z.string().nullable() }),
      access: publicAccess,
    }),
    initialize: channel({
      request: z
        .object({
          clinicName: z.string().trim().min(2, 'must be at least 2 characters').max(120, 'is too long'),
          admin: z.object({ username: Username, displayName: PersonName, password: Password }).strict(),
        })
        .strict(),
      response: SessionInfo,
      access: publicAccess,
    }),
  },
  session: {
    signIn: channel({
      request: z.object({ username: Username, password: Password }).strict(),
      response: SessionInfo,
      access: publicAccess,
    }),
    signOut: channel({ request: Empty, response: z.object({}), access: sessionAccess }),
    current: channel({ request: Empty, response: SessionInfo.nullable(), access: publicAccess }),
  },
  patients: {
    register: channel({
      request: z
        .object({ mrn: Mrn, familyName: PersonName, givenName: PersonName, birthDate: IsoDate, sex: Sex })
        .strict(),
      response: Patient,
      access: needs('patient.write'),
    }),
    search: channel({
      request: z.object({ query: z.string().trim().max(100), limit: z.number().int().min(1).max(200).default(50) }).strict(),
      response: z.object({ patients: z.array(Patient), truncated: z.boolean() }),
      access: needs('patient.read'),
    }),
    get: channel({ request: z.object({ patientId: Id }).strict(), response: Patient, access: needs('patient.read') }),
    /** Exact MRN look-up (case-insensitive), e.g. from a wristband scan or an import script. */
    findByMrn: channel({ request: z.object({ mrn: Mrn }).strict(), response: Patient.nullable(), access: needs('patient.read') }),
  },
  encounters: {
    start: channel({
      request: z.object({ patientId: Id, reason: z.string().trim().max(200).default('') }).strict(),
      response: Encounter,
      access: needs('encounter.write'),
    }),
    list: channel({
      request: z.object({ patientId: Id }).strict(),
      response: z.array(Encounter),
      access: needs('patient.read'),
    }),
  },
  cameras: {
    list: channel({ request: Empty, response: z.array(Camera), access: needs('photo.capture') }),
  },
  capture: {
    take: channel({
      request: z.object({ encounterId: Id, cameraId: z.string().min(1).max(200) }).strict(),
      response: Photo,
      access: needs('photo.capture'),
    }),
  },
  photos: {
    list: channel({
      request: z.object({ patientId: Id }).strict(),
      response: z.array(Photo),
      access: needs('photo.view'),
    }),
    open: channel({
      request: z.object({ photoId: Id }).strict(),
      response: z.object({ handle: PhotoHandle, mime: z.string(), width: z.number().int(), height: z.number().int() }),
      access: needs('photo.view'),
    }),
  },
} as const;

export type Contract = typeof contract;
export type Area = keyof Contract;
export type MethodOf<A extends Area> = keyof Contract[A] & string;
export type ChannelName = { [A in Area]: `${A}.${MethodOf<A>}` }[Area];

type Def<A extends Area, M extends MethodOf<A>> = Contract[A][M] extends ChannelDef<infer Req, infer Res> ? { req: Req; res: Res } : never;
export type RequestOf<A extends Area, M extends MethodOf<A>> = z.input<Def<A, M>['req']>;
export type ParsedRequestOf<A extends Area, M extends MethodOf<A>> = z.output<Def<A, M>['req']>;
export type ResponseOf<A extends Area, M extends MethodOf<A>> = z.output<Def<A, M>['res']>;

/** Every channel as `[name, definition]`, in declaration order. */
export const channelEntries = (): Array<[ChannelName, ChannelDef]> =>
  Object.entries(contract).flatMap(([area, methods]) =>
    Object.entries(methods as Record<string, ChannelDef>).map(([method, def]) => [`${area}.${method}` as ChannelName, def] as [ChannelName, ChannelDef]),
  );

export const findChannel = (name: string): ChannelDef | undefined => {
  if (!Object.hasOwn(CHANNEL_INDEX, name)) return undefined;
  return CHANNEL_INDEX[name];
};

const CHANNEL_INDEX: Readonly<Record<string, ChannelDef>> = Object.freeze(Object.fromEntries(channelEntries()));

/** Where the renderer finds photo bytes: same origin in both shells, resolved by the shell. */
export const PHOTO_PATH_PREFIX = '/photo/';
export const photoUrl = (handle: string): string => `${PHOTO_PATH_PREFIX}${handle}`;

