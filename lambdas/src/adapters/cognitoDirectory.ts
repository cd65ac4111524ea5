import { ListGroupsCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Directory, DirectoryGroup } from '../ports/directory';

/** The directory over Cognito's admin API (cognito-local speaks the same calls). */
export class CognitoDirectory implements Directory {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async listGroups(): Promise<DirectoryGroup[]> {
    const groups: DirectoryGroup[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(new ListGroupsCommand({ UserPoolId: this.userPoolId, Limit: 60, NextToken: nextToken }));
      for (const group of page.Groups ?? []) {
        if (group.GroupName) groups.push({ name: group.GroupName, description: group.Description || null });
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return groups.sort((a, b) => a.name.localeCompare(b.name));
  }
}
