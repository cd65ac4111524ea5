import { Readable } from 'node:stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Clock } from '../ports';
import { call, errorType } from './cognitoLocalCall';
import type { SignOuts } from './cognitoGuard';

/**
 * The two admin calls Amazon Cognito has and cognito-local lacks, answered in-process for
 * the local stack's admin client (the directory sends the same commands in both modes):
 * - AdminUserGlobalSignOut: the guard refuses the user's refresh tokens issued before now.
 * - AdminSetUserMFAPreference: cognito-local's SetUserMFAPreference with a token naming the
 *   user. cognito-local reads that token without checking its signature (its key is public
 *   anyway), which is what lets an admin act for the user here.
 * Every other call goes to cognito-local unchanged.
 */
export class AdminExtendedHandler extends NodeHttpHandler {
  constructor(
    handlerOptions: ConstructorParameters<typeof NodeHttpHandler>[0],
    private readonly options: { socketPath: string; clock: Clock; signOuts: SignOuts },
  ) {
    super(handlerOptions);
  }

  override async handle(...args: Parameters<NodeHttpHandler['handle']>): ReturnType<NodeHttpHandler['handle']> {
    const [request] = args;
    const action = String(request.headers['x-amz-target'] ?? '').split('.')[1];
    if (action !== 'AdminUserGlobalSignOut' && action !== 'AdminSetUserMFAPreference') return super.handle(...args);
    const options = this.options;
    const input = JSON.parse(bodyText(request.body)) as {
      UserPoolId?: string;
      Username?: string;
      SoftwareTokenMfaSettings?: unknown;
    };
    const user = await call(options.socketPath, 'AdminGetUser', { UserPoolId: input.UserPoolId, Username: input.Username });
    if (user.status !== 200) return { response: answer(user.status, user.body, errorType(user)) };
    const sub = (user.json as { Username: string }).Username;
    if (action === 'AdminUserGlobalSignOut') {
      options.signOuts.set(sub, options.clock.now().getTime());
      return { response: answer(200, Buffer.from('{}')) };
    }
    const clients = await call(options.socketPath, 'ListUserPoolClients', { UserPoolId: input.UserPoolId, MaxResults: 1 });
    const clientId = (clients.json as { UserPoolClients?: { ClientId?: string }[] } | null)?.UserPoolClients?.[0]?.ClientId;
    const token = ['{"alg":"none"}', JSON.stringify({ sub, client_id: clientId, token_use: 'access' })]
      .map((part) => Buffer.from(part).toString('base64url'))
      .join('.');
    const set = await call(options.socketPath, 'SetUserMFAPreference', {
      AccessToken: `${token}.`,
      SoftwareTokenMfaSettings: input.SoftwareTokenMfaSettings,
    });
    return { response: answer(set.status, set.status === 200 ? Buffer.from('{}') : set.body, errorType(set)) };
  }
}

type Response = Awaited<ReturnType<NodeHttpHandler['handle']>>['response'];

function answer(status: number, body: Buffer, error = ''): Response {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/x-amz-json-1.1', ...(error ? { 'x-amzn-errortype': error } : {}) },
    body: Readable.from([body]),
  };
}

/** The SDK hands the JSON body over as bytes (a string method on them only warns, for now). */
function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '{}';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  throw new Error('the admin request body is neither text nor bytes');
}
