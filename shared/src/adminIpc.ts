import { z } from 'zod';
import {
  AuditQuerySchema,
  CreateGroupBodySchema,
  CreateUserBodySchema,
  DeleteGroupBodySchema,
  FolderViewersQuerySchema,
  GroupMembersBodySchema,
  GroupMembersQuerySchema,
  RenameGroupBodySchema,
  SetUserEnabledBodySchema,
  UserIdBodySchema,
  type AuditPage,
  type AuditQueryInput,
  type CreatedUser,
  type CreateGroupBody,
  type CreateUserBody,
  type DeleteGroupBody,
  type FolderViewers,
  type GroupChangeResult,
  type GroupMembersBody,
  type GroupView,
  type RenameGroupBody,
  type SetUserEnabledBody,
  type TemporaryPassword,
  type UserView,
} from './adminApi';

/** The admin screens' part of DesktopApi (see ipc.ts): one API call each, admins only on the server. */

const none = z.tuple([]);

export const adminApiInputs = {
  listUsers: none,
  createUser: z.tuple([CreateUserBodySchema]),
  setUserEnabled: z.tuple([SetUserEnabledBodySchema]),
  resetUserPassword: z.tuple([UserIdBodySchema]),
  deleteUser: z.tuple([UserIdBodySchema]),
  listGroups: none,
  createGroup: z.tuple([CreateGroupBodySchema]),
  renameGroup: z.tuple([RenameGroupBodySchema]),
  deleteGroup: z.tuple([DeleteGroupBodySchema]),
  groupMembers: z.tuple([GroupMembersQuerySchema]),
  addGroupMembers: z.tuple([GroupMembersBodySchema]),
  removeGroupMembers: z.tuple([GroupMembersBodySchema]),
  folderViewers: z.tuple([FolderViewersQuerySchema]),
  listAudit: z.tuple([AuditQuerySchema]),
} as const;

export interface AdminDesktopApi {
  listUsers(): Promise<{ users: UserView[] }>;
  /** The temporary password comes back once; the user must replace it at first sign-in. */
  createUser(input: CreateUserBody): Promise<CreatedUser>;
  setUserEnabled(input: SetUserEnabledBody): Promise<UserView>;
  resetUserPassword(input: { id: string }): Promise<TemporaryPassword>;
  deleteUser(input: { id: string }): Promise<{ id: string; email: string }>;
  listGroups(): Promise<{ groups: GroupView[] }>;
  createGroup(input: CreateGroupBody): Promise<GroupView>;
  renameGroup(input: RenameGroupBody): Promise<GroupChangeResult>;
  deleteGroup(input: DeleteGroupBody): Promise<GroupChangeResult>;
  groupMembers(input: { name: string }): Promise<{ users: UserView[] }>;
  addGroupMembers(input: GroupMembersBody): Promise<{ users: UserView[] }>;
  removeGroupMembers(input: GroupMembersBody): Promise<{ users: UserView[] }>;
  folderViewers(input: { path: string }): Promise<FolderViewers>;
  listAudit(input: AuditQueryInput): Promise<AuditPage>;
}
