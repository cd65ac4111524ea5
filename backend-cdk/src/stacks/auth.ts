import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  CfnUserPoolRiskConfigurationAttachment,
  CfnUserPoolUser,
  CfnUserPoolUserToGroupAttachment,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
} from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { ADMIN_GROUP, BUILT_IN_GROUPS } from '@rushes/shared';
import type { RushesContext } from '../config';
import { acknowledge } from '../nag';
import { outputNames } from '../outputs';
import { UserActivityAudit } from './userActivityAudit';

/** Length first: 12 characters or more, with the upper case, digit and symbol AWS's rule pack asks for. */
export const PASSWORD_MIN_LENGTH = 12;
/** A working day on set or in the cutting room; the next day starts with a sign-in (and TOTP). */
export const REFRESH_TOKEN_HOURS = 12;
/** How long a stolen access or ID token is good for; the app refreshes them silently. */
export const ACCESS_TOKEN_MINUTES = 60;

/**
 * The user pool: admins create users (no self sign-up), sign-in by e-mail, a length-first
 * password policy, TOTP as the only second factor (optional in Cognito; which groups must enrol
 * is the API's check), the Plus plan's threat protection, the built-in groups, the first admin,
 * and the desktop's app client (public: no secret; USER_PASSWORD_AUTH as local mode signs in,
 * SRP, refresh for one working day), and the user-activity log's way into the audit log
 * (failed passwords and codes, lockouts: userActivityAudit.ts).
 */
export class AuthStack extends Stack {
  readonly userPool: UserPool;
  readonly appClient: UserPoolClient;
  readonly userActivity: UserActivityAudit;

  /** `table`: the catalog, where sign-in failures are audited. */
  constructor(scope: Construct, id: string, props: StackProps & { context: RushesContext; table: ITable }) {
    super(scope, id, props);
    const { context } = props;
    this.userPool = new UserPool(this, 'Users', {
      userPoolName: context.resourceName,
      // Plus: compromised-credential checks and risk-based sign-in (see docs/cost.md for the price per user).
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: PASSWORD_MIN_LENGTH,
        // Length-first, the same rule the app and the local stand-in check: composition rules
        // push people to predictable patterns; breached passwords are refused by the Plus plan.
        requireLowercase: false,
        requireUppercase: false,
        requireDigits: false,
        requireSymbols: false,
        tempPasswordValidity: Duration.days(7),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false, email: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: context.removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy: context.removalPolicy,
    });
    acknowledge(
      this.userPool,
      'COG1',
      `Length-first password policy (at least ${PASSWORD_MIN_LENGTH} characters, no composition rules), as NIST SP 800-63B ` +
        'advises; passwords found in breaches are refused by threat protection, and admins and media managers also need TOTP.',
    );
    acknowledge(
      this.userPool,
      'COG2',
      'MFA is OPTIONAL, as Cognito advises for pools with adaptive authentication: a user with TOTP ' +
        '(the only second factor offered) is challenged at every sign-in. ' +
        'Cognito cannot require MFA of some groups only; the API refuses admins and media managers who have not enrolled TOTP.',
    );
    this.appClient = this.userPool.addClient('Desktop', {
      userPoolClientName: 'rushes-desktop',
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.minutes(ACCESS_TOKEN_MINUTES),
      accessTokenValidity: Duration.minutes(ACCESS_TOKEN_MINUTES),
      refreshTokenValidity: Duration.hours(REFRESH_TOKEN_HOURS),
    });

    // Threat protection's answers: a password known from a breach is refused at sign-in and when
    // chosen; a risky sign-in asks for the TOTP code of those who have one. Nothing is blocked on
    // risk alone, because no mail is set up to tell a user why (a crew member on location would
    // just be locked out); admins and media managers, who must enrol TOTP, are always challenged.
    new CfnUserPoolRiskConfigurationAttachment(this, 'ThreatProtection', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.appClient.userPoolClientId,
      compromisedCredentialsRiskConfiguration: {
        actions: { eventAction: 'BLOCK' },
        eventFilter: ['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP'],
      },
      accountTakeoverRiskConfiguration: {
        actions: {
          lowAction: { eventAction: 'NO_ACTION', notify: false },
          mediumAction: { eventAction: 'MFA_IF_CONFIGURED', notify: false },
          highAction: { eventAction: 'MFA_IF_CONFIGURED', notify: false },
        },
      },
    });

    this.userActivity = new UserActivityAudit(this, 'UserActivity', {
      userPool: this.userPool,
      table: props.table,
      resourceName: context.resourceName,
      removalPolicy: context.removalPolicy,
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
