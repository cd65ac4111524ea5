import type { RemovalPolicy } from 'aws-cdk-lib';
import { CfnLogDeliveryConfiguration, type UserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterPattern, LogGroup, SubscriptionFilter } from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import { Construct } from 'constructs';
import { cloudEnvNames } from '../../../lambdas/src/handlers/cloud/config';
import { LOG_RETENTION, RushesFunction } from '../lambdaFunction';

/**
 * Wrong passwords, wrong authenticator codes and blocked sign-ins in Rushes' own audit log,
 * as local mode's guard records them. Cognito's threat protection (the Plus plan) exports its
 * user-activity log (`userAuthEvents`, INFO) to a log group kept as long as every Lambda's
 * log; a subscription filter hands each batch to a small Lambda that writes one audit event
 * per failure (lambdas/src/handlers/cloud/userActivity.ts). Nothing runs while nobody signs in.
 *
 * The group's name starts with /aws/vendedlogs/, as AWS advises for logs services deliver:
 * Cognito's delivery sets up the group's resource policy itself, and such names share one.
 */
export class UserActivityAudit extends Construct {
  readonly logGroup: LogGroup;
  readonly function: RushesFunction;
  readonly delivery: CfnLogDeliveryConfiguration;

  constructor(
    scope: Construct,
    id: string,
    props: { userPool: UserPool; table: ITable; resourceName: string; removalPolicy: RemovalPolicy },
  ) {
    super(scope, id);
    const { userPool, table, removalPolicy } = props;
    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/cognito/${props.resourceName}-user-activity`,
      retention: LOG_RETENTION,
      removalPolicy,
    });
    this.delivery = new CfnLogDeliveryConfiguration(this, 'Delivery', {
      userPoolId: userPool.userPoolId,
      logConfigurations: [
        { eventSource: 'userAuthEvents', logLevel: 'INFO', cloudWatchLogsConfiguration: { logGroupArn: this.logGroup.logGroupArn } },
      ],
    });

    this.function = new RushesFunction(this, 'Recorder', {
      handlerFile: 'userActivity',
      description: "Cognito's user-activity log → Rushes' audit log (failed passwords and codes, lockouts)",
      memorySize: 256,
      removalPolicy,
      environment: {
        [cloudEnvNames.table]: table.tableName,
        [cloudEnvNames.userPoolId]: userPool.userPoolId,
      },
    });
    // One conditional put per event (no read, no update), and the user's e-mail address by their username.
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [table.tableArn] }));
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['cognito-idp:AdminGetUser'], resources: [userPool.userPoolArn] }));

    new SubscriptionFilter(this, 'ToRecorder', {
      logGroup: this.logGroup,
      destination: new LambdaDestination(this.function),
      filterPattern: FilterPattern.allEvents(),
    });
  }
}
