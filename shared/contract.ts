// The bridge contract: every channel declared once, with its request and response schema and the
// access it requires. Areas live in shared/channels/; this file assembles them. The preload, the
// browser shell's bridge and the core's router are all built from this object; a channel without
// an access policy does not compile, and the router refuses any name not declared here.
import type { z } from 'zod';
import type { ChannelDef } from './channel';
import { accessChannels } from './channels/access';
import { archiveChannels } from './channels/archive';
import { auditChannels } from './channels/audit';
import { cameraCaptureChannels, cameraChannels } from './channels/cameras';
import { captureChannels } from './channels/capture';
import { consentChannels } from './channels/consent';
import { deliveryChannels } from './channels/delivery';
import { ehrChannels, smartChannels } from './channels/ehr';
import { encounterChannels, patientChannels } from './channels/patients';
import { interopChannels } from './channels/interop';
import { keyChannels } from './channels/keys';
import { photoChannels } from './channels/photos';
import { preferenceChannels } from './channels/preferences';
import { standardsChannels } from './channels/standards';
import { sessionChannels } from './channels/session';
import { setupChannels } from './channels/setup';
import { userChannels } from './channels/users';
import { worklistChannels } from './channels/worklist';

export type { Access, ChannelDef } from './channel';

export const contract = {
  setup: setupChannels,
  session: sessionChannels,
  patients: patientChannels,
  encounters: encounterChannels,
  cameras: cameraChannels,
  capture: { ...captureChannels, ...cameraCaptureChannels },
  photos: photoChannels,
  standards: standardsChannels,
  access: accessChannels,
  users: userChannels,
  audit: auditChannels,
  keys: keyChannels,
  delivery: deliveryChannels,
  consent: consentChannels,
  ehr: ehrChannels,
  smart: smartChannels,
  interop: interopChannels,
  archive: archiveChannels,
  worklist: worklistChannels,
  preferences: preferenceChannels,
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

const CHANNEL_INDEX: Readonly<Record<string, ChannelDef>> = Object.freeze(Object.fromEntries(channelEntries()));

export const findChannel = (name: string): ChannelDef | undefined => (Object.hasOwn(CHANNEL_INDEX, name) ? CHANNEL_INDEX[name] : undefined);

/** Where the renderer finds photo bytes: same origin in both shells, resolved by the shell. */
export const PHOTO_PATH_PREFIX = '/photo/';
export const photoUrl = (handle: string): string => `${PHOTO_PATH_PREFIX}${handle}`;
