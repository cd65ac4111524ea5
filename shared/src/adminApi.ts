import { z } from 'zod';
import { FolderPathSchema } from './catalogApi';
import { auditActions, auditOutcomes } from './domain';
import { validateGroupName } from './permissions';
import { NoQuery, NoBody, route } from './routeSpec';

/**
 * Users, groups and the audit log: admins only, checked on the server for every
 * route. Users are named by Cognito's immutable username (`id`, the `sub`); groups by name.
 */

export const UserIdSchema = z.string().regex(/^[A-Za-z0-9_.@+-]{1,128}$/, { message: 'not a user id' });

export const UserEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, { message: 'An email address has at most 254 characters' })
  .pipe(z.email({ message: 'Enter a valid email address' }));

export const GroupNameSchema = z.string().transform((value, ctx) => {
  const checked = validateGroupName(value);
  if (!checked.ok) {
    ctx.addIssue({ code: 'custom', message: checked.message });
    return z.NEVER;
  }
  return checked.value;
});

const Description = z.string().trim().max(2048, { message: 'A description has at most 2,048 characters' });

export const UserStatusSchema = z.enum([
  'CONFIRMED',
  'FORCE_CHANGE_PASSWORD',
  'RESET_REQUIRED',
  'UNCONFIRMED',
  'ARCHIVED',
  'COMPROMISED',
  'EXTERNAL_PROVIDER',
  'UNKNOWN',
]);

export const UserViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  /** False when an admin disabled the user: our API refuses their tokens at once. */
  enabled: z.boolean(),
  status: UserStatusSchema,
  groups: z.array(z.string()),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof UserViewSchema>;

/** Two-step sign-in, as the Users table shows it. */
export const TwoStepViewSchema = z.object({
  /** The directory holds a verified authenticator app for the user. */
  enrolled: z.boolean(),
  /** One of the user's groups must use two-step sign-in (the security settings say which). */
  required: z.boolean(),
});
export type TwoStepView = z.infer<typeof TwoStepViewSchema>;

/** A row of the admin's Users table: the user, and their two-step sign-in. */
export const UserRowSchema = UserViewSchema.extend({ twoStep: TwoStepViewSchema });
export type UserRow = z.infer<typeof UserRowSchema>;

export const GroupViewSchema = z.object({
  name: z.string(),
  description: z.string().nullable(),
  /** The built-in groups (`admin`, `media-managers`, `editors`) cannot be deleted or renamed. */
  builtIn: z.boolean(),
  members: z.number().int().nonnegative(),
  /** Folders whose ACL names this group. */
  folders: z.number().int().nonnegative(),
});
export type GroupView = z.infer<typeof GroupViewSchema>;

export const CreateUserBodySchema = z
  .object({
    email: UserEmailSchema,
    groups: z.array(GroupNameSchema).max(50, { message: 'At most 50 groups' }).default([]),
  })
  .strict();
export type CreateUserBody = z.input<typeof CreateUserBodySchema>;

export const CreatedUserSchema = z.object({
  user: UserViewSchema,
  /** Shown to the admin once; the user must choose a new password at first sign-in. */
  temporaryPassword: z.string(),
});
export type CreatedUser = z.infer<typeof CreatedUserSchema>;

export const UserIdBodySchema = z.object({ id: UserIdSchema }).strict();
export const SetUserEnabledBodySchema = z.object({ id: UserIdSchema, enabled: z.boolean() }).strict();
export type SetUserEnabledBody = z.input<typeof SetUserEnabledBodySchema>;

export const TemporaryPasswordSchema = z.object({ id: z.string(), email: z.string(), temporaryPassword: z.string() });
export type TemporaryPassword = z.infer<typeof TemporaryPasswordSchema>;

export const CreateGroupBodySchema = z.object({ name: GroupNameSchema, description: Description.default('') }).strict();
export type CreateGroupBody = z.input<typeof CreateGroupBodySchema>;

export const RenameGroupBodySchema = z.object({ name: GroupNameSchema, newName: GroupNameSchema }).strict();
export type RenameGroupBody = z.input<typeof RenameGroupBodySchema>;

export const DeleteGroupBodySchema = z
  .object({
    name: GroupNameSchema,
    /** Required when folder ACLs name the group: it is then taken off them. */
    removeFromFolders: z.boolean().default(false),
  })
  .strict();
export type DeleteGroupBody = z.input<typeof DeleteGroupBodySchema>;

export const GroupChangeResultSchema = z.object({
  name: z.string(),
  /** Users whose membership moved (rename) or ended (delete). */
  members: z.number().int().nonnegative(),
  /** Folder ACLs that changed. */
  folders: z.number().int().nonnegative(),
});
export type GroupChangeResult = z.infer<typeof GroupChangeResultSchema>;

export const GroupMembersQuerySchema = z.object({ name: GroupNameSchema }).strict();
export const GroupMembersBodySchema = z
  .object({
    name: GroupNameSchema,
    userIds: z.array(UserIdSchema).min(1, { message: 'Choose at least one user' }).max(100, { message: 'At most 100 users at a time' }),
  })
  .strict();
export type GroupMembersBody = z.input<typeof GroupMembersBodySchema>;

export const FolderViewersQuerySchema = z
  .object({ path: FolderPathSchema.refine((path) => path !== '', { message: 'Choose a folder' }) })
  .strict();

export const FolderViewersSchema = z.object({
  path: z.string(),
  aclGroups: z.array(z.string()),
  /** Every user who may read the folder, with the groups that let them. */
  viewers: z.array(UserViewSchema.extend({ via: z.array(z.string()) })),
});
export type FolderViewers = z.infer<typeof FolderViewersSchema>;

const IsoInstant = z.iso.datetime({ offset: true, message: 'Use an ISO date and time, like 2026-01-31T09:30:00Z' });

export const AuditQuerySchema = z
  .object({
    actor: z.string().trim().min(1).max(254).optional(),
    action: z.enum(auditActions).optional(),
    outcome: z.enum(auditOutcomes).optional(),
    /** Events whose target (a key, folder path, user or group) starts with this. */
    target: z.string().min(1).max(1024).optional(),
    since: IsoInstant.optional(),
    until: IsoInstant.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().max(2048).optional(),
  })
  .strict()
  .refine((query) => !query.since || !query.until || Date.parse(query.since) < Date.parse(query.until), {
    message: 'The start must be before the end',
    path: ['until'],
  });
export type AuditQueryInput = z.input<typeof AuditQuerySchema>;

export const AuditEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.enum(auditActions),
  outcome: z.enum(auditOutcomes),
  target: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  address: z.string().nullable(),
});

export const AuditPageSchema = z.object({ events: z.array(AuditEventSchema), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPageSchema>;

export const adminRoutes = {
  listUsers: route({
    method: 'GET',
    path: '/v1/admin/users',
    auth: true,
    query: NoQuery,
    body: NoBody,
    response: z.object({ users: z.array(UserRowSchema) }),
  }),
  createUser: route({
    method: 'POST',
    path: '/v1/admin/users',
    auth: true,
    query: NoQuery,
    body: CreateUserBodySchema,
    response: CreatedUserSchema,
  }),
  setUserEnabled: route({
    method: 'POST',
    path: '/v1/admin/users/enabled',
    auth: true,
    query: NoQuery,
    body: SetUserEnabledBodySchema,
    response: UserViewSchema,
  }),
  resetUserPassword: route({
    method: 'POST',
    path: '/v1/admin/users/reset-password',
    auth: true,
    query: NoQuery,
    body: UserIdBodySchema,
    response: TemporaryPasswordSchema,
  }),
  deleteUser: route({
    method: 'POST',
    path: '/v1/admin/users/delete',
    auth: true,
    query: NoQuery,
    body: UserIdBodySchema,
    response: z.object({ id: z.string(), email: z.string() }),
  }),
  listGroups: route({
    method: 'GET',
    path: '/v1/admin/groups',
    auth: true,
    query: NoQuery,
    body: NoBody,
    response: z.object({ groups: z.array(GroupViewSchema) }),
  }),
  createGroup: route({
    method: 'POST',
    path: '/v1/admin/groups',
    auth: true,
    query: NoQuery,
    body: CreateGroupBodySchema,
    response: GroupViewSchema,
  }),
  renameGroup: route({
    method: 'POST',
    path: '/v1/admin/groups/rename',
    auth: true,
    query: NoQuery,
    body: RenameGroupBodySchema,
    response: GroupChangeResultSchema,
  }),
  deleteGroup: route({
    method: 'POST',
    path: '/v1/admin/groups/delete',
    auth: true,
    query: NoQuery,
    body: DeleteGroupBodySchema,
    response: GroupChangeResultSchema,
  }),
  groupMembers: route({
    method: 'GET',
    path: '/v1/admin/groups/members',
    auth: true,
    query: GroupMembersQuerySchema,
    body: NoBody,
    response: z.object({ users: z.array(UserViewSchema) }),
  }),
  addGroupMembers: route({
    method: 'POST',
    path: '/v1/admin/groups/members/add',
    auth: true,
    query: NoQuery,
    body: GroupMembersBodySchema,
    response: z.object({ users: z.array(UserViewSchema) }),
  }),
  removeGroupMembers: route({
    method: 'POST',
    path: '/v1/admin/groups/members/remove',
    auth: true,
    query: NoQuery,
    body: GroupMembersBodySchema,
    response: z.object({ users: z.array(UserViewSchema) }),
  }),
  folderViewers: route({
    method: 'GET',
    path: '/v1/admin/folders/viewers',
    auth: true,
    query: FolderViewersQuerySchema,
    body: NoBody,
    response: FolderViewersSchema,
  }),
  listAudit: route({
    method: 'GET',
    path: '/v1/admin/audit',
    auth: true,
    query: AuditQuerySchema,
    body: NoBody,
    response: AuditPageSchema,
  }),
} as const;
