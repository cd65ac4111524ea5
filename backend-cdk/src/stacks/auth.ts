import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  CfnUserPoolUser,
  CfnUserPoolUserToGroupAttachment,
  FeaturePlan,
  UserPool,
} from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { ADMIN_GROUP, BUILT_IN_GROUPS } from '@rushes/shared';
import type { RushesContext } from '../config';
import { outputNames } from '../outputs';

/**
 * The user pool: admins create users (no self sign-up), sign-in by e-mail, the same password
 * policy as local mode, the built-in groups, the first admin, and the desktop's app client
 * (public: no secret; USER_PASSWORD_AUTH as local mode signs in, SRP, refresh).
 */
export class AuthStack extends Stack {
  readonly userPool: UserPool;
  readonly appClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: StackProps & { context: RushesContext }) {
    super(scope, id, props);
    const { context } = props;
    this.userPool = new UserPool(this, 'Users', {
      userPoolName: context.resourceName,
      featurePlan: FeaturePlan.LITE,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 8,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: false,
        tempPasswordValidity: Duration.days(7),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: context.removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy: context.removalPolicy,
    });
    this.appClient = this.userPool.addClient('Desktop', {
      userPoolClientName: 'rushes-desktop',
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.minutes(60),
      accessTokenValidity: Duration.minutes(60),
      refreshTokenValidity: Duration.days(30),
    });

    const groups = new Map<string, CfnUserPoolGroup>();
    for (const group of BUILT_IN_GROUPS) {
      groups.set(
        group.name,
        new CfnUserPoolGroup(this, `Group-${group.name}`, {
          userPoolId: this.userPool.userPoolId,
          groupName: group.name,
          description: group.description,
        }),
      );
    }

    if (context.adminEmail) {
      // Cognito e-mails a temporary password; the first sign-in chooses a new one (as local mode).
      const admin = new CfnUserPoolUser(this, 'FirstAdmin', {
        userPoolId: this.userPool.userPoolId,
        username: context.adminEmail,
        desiredDeliveryMediums: ['EMAIL'],
        userAttributes: [
          { name: 'email', value: context.adminEmail },
          { name: 'email_verified', value: 'true' },
        ],
      });
      const attachment = new CfnUserPoolUserToGroupAttachment(this, 'FirstAdminIsAdmin', {
        userPoolId: this.userPool.userPoolId,
        groupName: ADMIN_GROUP,
        username: admin.ref,
      });
      attachment.node.addDependency(groups.get(ADMIN_GROUP)!);
    }

    new CfnOutput(this, outputNames.region, { value: this.region });
    new CfnOutput(this, outputNames.userPoolId, { value: this.userPool.userPoolId });
    new CfnOutput(this, outputNames.appClientId, { value: this.appClient.userPoolClientId });
  }

  /** `https://cognito-idp.<region>.amazonaws.com/<pool id>`: the ID tokens' issuer. */
  get issuer(): string {
    return `https://cognito-idp.${this.region}.amazonaws.com/${this.userPool.userPoolId}`;
  }
}
