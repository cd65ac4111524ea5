/** A group as the identity directory (Cognito) knows it. */
export interface DirectoryGroup {
  readonly name: string;
  readonly description: string | null;
}

/**
 * The identity directory: users and groups. Cognito in both modes (cognito-local stands in
 * locally). Issue 6 grows it with users and membership; folder permissions need the groups.
 */
export interface Directory {
  /** Every group, by name. */
  listGroups(): Promise<DirectoryGroup[]>;
}
