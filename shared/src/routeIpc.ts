import { z } from 'zod';
import { routes, type RouteName, type RouteResponse, type Routes } from './api';
import { NoBody, NoQuery, type RouteSpec } from './routeSpec';

/**
 * DesktopApi methods that only forward one HTTP route, by method name → route name. Their
 * argument schema, their type and their main-side implementation are derived from the route
 * table, so such a method is written here once and nowhere else (the preload and the web
 * bridge expose every DesktopApi method already). A method that does more than forward (the
 * media cache hears of assets shown, transfer jobs are followed) is written by hand instead.
 */
export const forwardedRoutes = {
  getMe: 'me',
  // Browse and organise
  createFolder: 'createFolder',
  renameFolder: 'renameFolder',
  moveFolder: 'moveFolder',
  renameAsset: 'renameAsset',
  moveAssets: 'moveAssets',
  trashItems: 'trash',
  restoreItems: 'restore',
  /** Admins only: deletes trashed items for good. */
  purgeItems: 'purge',
  /** Presigned GET URLs (minutes) for assets the user may read. */
  downloadLinks: 'downloadUrls',
  /** Short-lived URLs of assets' derivatives (thumbnail, filmstrip, proxy, …) the user may read. */
  mediaUrls: 'mediaUrls',
  /** Admins only: who may see a folder, and every group that could. */
  folderAcl: 'folderAcl',
  /** Admins only: sets who may see a folder (admin always), optionally for every folder below. */
  setFolderAcl: 'setFolderAcl',
  /** A folder's look and burn-ins, what applies and from where; changed by whoever may write the folder. */
  folderLook: 'folderLook',
  setFolderLook: 'setFolderLook',
  clearFolderLook: 'clearFolderLook',
  cancelLookRender: 'cancelLookRender',
  // Users, groups and the audit log: the server checks it is an admin
  listUsers: 'listUsers',
  /** The temporary password comes back once; the user must replace it at first sign-in. */
  createUser: 'createUser',
  setUserEnabled: 'setUserEnabled',
  resetUserPassword: 'resetUserPassword',
  deleteUser: 'deleteUser',
  listGroups: 'listGroups',
  createGroup: 'createGroup',
  renameGroup: 'renameGroup',
  deleteGroup: 'deleteGroup',
  groupMembers: 'groupMembers',
  addGroupMembers: 'addGroupMembers',
  removeGroupMembers: 'removeGroupMembers',
  folderViewers: 'folderViewers',
  listAudit: 'listAudit',
  // Review: notes at a frame (with replies and drawings) and the takes' marks
  listNotes: 'listNotes',
  /** Notes of up to 500 assets at once, for marker exports. */
  notesBatch: 'notesBatch',
  addNote: 'addNote',
  /** Text and drawing for the author (admins any); resolved for anyone who may read. */
  editNote: 'editNote',
  deleteNote: 'deleteNote',
  /** Circled, rating, review status of many assets at once: all or nothing. */
  setTakes: 'setTakes',
  // Sign-in security: the idle time and two-step sign-in
  securitySettings: 'securitySettings',
  /** Admins only: who must use two-step sign-in, and the idle sign-out time. */
  setSecuritySettings: 'setSecuritySettings',
  mfaStatus: 'mfaStatus',
  recordSignOut: 'recordSignOut',
  /** Admins only: the user sets up their authenticator again at the next sign-in. */
  resetUserMfa: 'resetUserMfa',
  // Workstations (admins)
  listWorkstations: 'listWorkstations',
  createWorkstation: 'createWorkstation',
  updateWorkstation: 'updateWorkstation',
  deleteWorkstation: 'deleteWorkstation',
  // Chain of custody
  /** An asset's hashes at each hop (upload, the card's own MHL, each edit-share copy). */
  assetCustody: 'assetCustody',
  /** A folder's `ascmhl/` history as the bucket holds it, for Export MHL. */
  mhlHistory: 'mhlHistory',
} as const satisfies Record<string, RouteName>;

export type ForwardedMethod = keyof typeof forwardedRoutes;

/** A route's one argument: its body; its query for a route without a body; nothing when it takes neither. */
export type RouteArgs<N extends RouteName> = Routes[N]['body'] extends typeof NoBody
  ? Routes[N]['query'] extends z.ZodObject<infer Shape>
    ? [keyof Shape] extends [never]
      ? []
      : [input: z.input<Routes[N]['query']>]
    : [input: z.input<Routes[N]['query']>]
  : [input: z.input<Routes[N]['body']>];

/** The forwarding part of DesktopApi, method by method from the route it forwards. */
export type ForwardedDesktopApi = {
  [M in ForwardedMethod]: (...args: RouteArgs<(typeof forwardedRoutes)[M]>) => Promise<RouteResponse<(typeof forwardedRoutes)[M]>>;
};

/** How a forwarded method's one argument reaches its route. */
export function routeArgument(spec: RouteSpec): 'body' | 'query' | 'none' {
  if (spec.body !== NoBody) return 'body';
  return spec.query === NoQuery ? 'none' : 'query';
}

function argsSchema(spec: RouteSpec): z.ZodTuple {
  const argument = routeArgument(spec);
  if (argument === 'none') return z.tuple([]);
  return z.tuple([argument === 'body' ? spec.body : spec.query]);
}

/** Argument schemas of the forwarded methods: the route's own body or query schema. */
export const forwardedApiInputs = Object.fromEntries(
  Object.entries(forwardedRoutes).map(([method, name]) => [method, argsSchema(routes[name])]),
) as Record<ForwardedMethod, z.ZodTuple>;
