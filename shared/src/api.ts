import { z } from 'zod';
import {
  AssetDetailQuerySchema,
  AssetViewSchema,
  ChangesQuerySchema,
  ChangesResponseSchema,
  CreateFolderBodySchema,
  DownloadUrlsBodySchema,
  DownloadUrlsResponseSchema,
  FolderViewSchema,
  ListChildrenQuerySchema,
  ListChildrenResponseSchema,
  MoveAssetsBodySchema,
  MoveFolderBodySchema,
  OperationResultSchema,
  RenameAssetBodySchema,
  RenameFolderBodySchema,
  TrashBodySchema,
  TrashListQuerySchema,
  TrashListResponseSchema,
} from './catalogApi';

/**
 * The HTTP API contract: one entry per route, used by the server router and by the desktop
 * client, so no path or schema is written twice.
 */
export interface RouteSpec<
  Query extends z.ZodType = z.ZodType,
  Body extends z.ZodType = z.ZodType,
  Response extends z.ZodType = z.ZodType,
  Auth extends boolean = boolean,
> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: `/v1/${string}`;
  /** false only for routes anyone may call (health). */
  readonly auth: Auth;
  readonly query: Query;
  readonly body: Body;
  readonly response: Response;
}

const NoQuery = z.object({}).strict();
const NoBody = z.undefined();

export const HealthResponseSchema = z.object({
  status: z.literal('ok'),
  service: z.literal('rushes-api'),
  version: z.string(),
  mode: z.enum(['local', 'cloud']),
  time: z.string(),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

export const MeResponseSchema = z.object({
  email: z.string(),
  groups: z.array(z.string()),
  isAdmin: z.boolean(),
});
export type MeResponse = z.infer<typeof MeResponseSchema>;

function route<Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType, A extends boolean>(
  spec: RouteSpec<Q, B, R, A>,
): RouteSpec<Q, B, R, A> {
  return spec;
}

export const routes = {
  health: route({
    method: 'GET',
    path: '/v1/health',
    auth: false,
    query: NoQuery,
    body: NoBody,
    response: HealthResponseSchema,
  }),
  me: route({
    method: 'GET',
    path: '/v1/me',
    auth: true,
    query: NoQuery,
    body: NoBody,
    response: MeResponseSchema,
  }),
  listChildren: route({ method: 'GET', path: '/v1/folders/children', auth: true, query: ListChildrenQuerySchema, body: NoBody, response: ListChildrenResponseSchema }),
  createFolder: route({ method: 'POST', path: '/v1/folders', auth: true, query: NoQuery, body: CreateFolderBodySchema, response: FolderViewSchema }),
  renameFolder: route({ method: 'POST', path: '/v1/folders/rename', auth: true, query: NoQuery, body: RenameFolderBodySchema, response: OperationResultSchema }),
  moveFolder: route({ method: 'POST', path: '/v1/folders/move', auth: true, query: NoQuery, body: MoveFolderBodySchema, response: OperationResultSchema }),
  assetDetail: route({ method: 'GET', path: '/v1/assets/detail', auth: true, query: AssetDetailQuerySchema, body: NoBody, response: AssetViewSchema }),
  renameAsset: route({ method: 'POST', path: '/v1/assets/rename', auth: true, query: NoQuery, body: RenameAssetBodySchema, response: OperationResultSchema }),
  moveAssets: route({ method: 'POST', path: '/v1/assets/move', auth: true, query: NoQuery, body: MoveAssetsBodySchema, response: OperationResultSchema }),
  downloadUrls: route({ method: 'POST', path: '/v1/assets/download-urls', auth: true, query: NoQuery, body: DownloadUrlsBodySchema, response: DownloadUrlsResponseSchema }),
  trash: route({ method: 'POST', path: '/v1/trash', auth: true, query: NoQuery, body: TrashBodySchema, response: OperationResultSchema }),
  restore: route({ method: 'POST', path: '/v1/trash/restore', auth: true, query: NoQuery, body: TrashBodySchema, response: OperationResultSchema }),
  purge: route({ method: 'POST', path: '/v1/trash/purge', auth: true, query: NoQuery, body: TrashBodySchema, response: OperationResultSchema }),
  listTrash: route({ method: 'GET', path: '/v1/trash', auth: true, query: TrashListQuerySchema, body: NoBody, response: TrashListResponseSchema }),
  changes: route({ method: 'GET', path: '/v1/changes', auth: true, query: ChangesQuerySchema, body: NoBody, response: ChangesResponseSchema }),
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
export type RouteResponse<N extends RouteName> = z.infer<Routes[N]['response']>;
export type RouteQuery<N extends RouteName> = z.input<Routes[N]['query']>;
export type RouteBody<N extends RouteName> = z.input<Routes[N]['body']>;
