import { z } from 'zod';
import { FolderPathSchema } from './catalogApi';
import { MAX_GROUP_NAME_LENGTH } from './permissions';
import { NoBody, NoQuery, route } from './routeSpec';

/** Who may read a folder: admins read and change folder ACLs. */

const NonRootFolder = FolderPathSchema.refine((path) => path !== '', { message: 'The library root has no permissions of its own' });

export const FolderAclQuerySchema = z.object({ path: NonRootFolder }).strict();

export const AclGroupSchema = z.object({
  name: z.string(),
  description: z.string().nullable(),
  /** `admin`: on every ACL, cannot be removed. */
  locked: z.boolean(),
});
export type AclGroup = z.infer<typeof AclGroupSchema>;

export const FolderAclSchema = z.object({
  path: z.string(),
  /** The groups that may read the folder, `admin` always among them. */
  aclGroups: z.array(z.string()),
  /** Every group in the directory, for the dialog's checkboxes. */
  groups: z.array(AclGroupSchema),
  /** How many folders are below this one (what "apply to subfolders" would change). */
  subfolders: z.number().int().nonnegative(),
});
export type FolderAcl = z.infer<typeof FolderAclSchema>;

export const SetFolderAclBodySchema = z
  .object({
    path: NonRootFolder,
    groups: z.array(z.string().min(1).max(MAX_GROUP_NAME_LENGTH)).max(100, { message: 'At most 100 groups on one folder' }),
    applyToSubfolders: z.boolean().default(false),
  })
  .strict();
export type SetFolderAclBody = z.input<typeof SetFolderAclBodySchema>;

export const SetFolderAclResponseSchema = z.object({
  path: z.string(),
  aclGroups: z.array(z.string()),
  /** Folders whose ACL changed: this one, and its subfolders when asked. */
  updatedFolders: z.number().int().nonnegative(),
});
export type SetFolderAclResponse = z.infer<typeof SetFolderAclResponseSchema>;

export const aclRoutes = {
  folderAcl: route({
    method: 'GET',
    path: '/v1/folders/acl',
    auth: true,
    query: FolderAclQuerySchema,
    body: NoBody,
    response: FolderAclSchema,
  }),
  setFolderAcl: route({
    method: 'PUT',
    path: '/v1/folders/acl',
    auth: true,
    query: NoQuery,
    body: SetFolderAclBodySchema,
    response: SetFolderAclResponseSchema,
  }),
} as const;
