import { gzipSync } from 'node:zlib';

/**
 * Records shaped as Amazon Cognito exports them to CloudWatch Logs (threat protection's
 * user-activity log, `userAuthEvents` at INFO), and the subscription payload CloudWatch Logs
 * hands a Lambda. Values are made up; the shape follows Cognito's documentation.
 */
export const POOL_ID = 'eu-west-2_Ab12Cd34E';
export const USER_SUB = '96a2f2c4-5071-70c6-2e05-4c1f0e3d9a11';

type Challenge = { challengeType: 'Password' | 'Mfa'; challengeResult: 'Success' | 'Failure' };

export function authEventRecord(options: {
  eventId: string;
  eventResponse: 'Pass' | 'Fail' | 'InProgress';
  challenges: Challenge[];
  eventType?: string;
  riskDecision?: string;
  compromised?: boolean;
  at?: number;
  userName?: string;
}): Record<string, unknown> {
  const at = options.at ?? Date.UTC(2026, 11, 7, 1, 2, 3, 456);
  return {
    logSourceVersion: '1.0',
    logLevel: 'INFO',
    eventSource: 'USER_AUTH_EVENTS',
    eventTimestamp: at,
    message: {
      version: '1',
      eventId: options.eventId,
      eventType: options.eventType ?? 'SignIn',
      userSub: USER_SUB,
      userName: options.userName ?? USER_SUB,
      userPoolId: POOL_ID,
      clientId: '5ex4mpl3c1i3ntid0f7hed3sk70p',
      creationDate: new Date(at).toUTCString(),
      eventResponse: options.eventResponse,
      riskLevel: options.riskDecision === 'BLOCK' ? 'HIGH' : '',
      riskDecision: options.riskDecision ?? 'PASS',
      challenges: options.challenges,
      ipAddress: '198.51.100.24',
      compromisedCredentialDetected: String(options.compromised ?? false),
      city: 'London',
      country: 'United Kingdom',
      eventFeedbackValue: '',
      eventFeedbackDate: '',
      eventFeedbackProvider: '',
      hasContextData: true,
      userAgent: 'aws-sdk-js/3.900.0 ua/2.1 os/darwin#24.1.0 lang/js md/nodejs#24.11.0',
      deviceName: 'Node.js 24',
      timezone: '+00:00',
    },
  };
}

/** The `{ awslogs: { data } }` event a subscription filter invokes its Lambda with. */
export function subscriptionEvent(messages: string[], messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE' = 'DATA_MESSAGE') {
  const batch = {
    messageType,
    owner: '123456789012',
    logGroup: '/aws/vendedlogs/cognito/rushes-dev-user-activity',
    logStream: `${POOL_ID}-userAuthEvents`,
    subscriptionFilters: ['Rushes-dev-Auth-UserActivityAudit'],
    logEvents: messages.map((message, index) => ({
      id: `3865823458273645${String(index).padStart(6, '0')}`,
      timestamp: Date.UTC(2026, 11, 7, 1, 2, 4),
      message,
    })),
  };
  return { awslogs: { data: gzipSync(Buffer.from(JSON.stringify(batch))).toString('base64') } };
}
