import {
  DomainError,
  desktopApiInputs,
  desktopApiMethods,
  isDomainError,
  type CallResult,
  type DesktopApi,
  type DesktopApiMethod,
} from '@rushes/shared';

export type Dispatch = (method: string, args: unknown) => Promise<CallResult<unknown>>;

export function isDesktopApiMethod(name: string): name is DesktopApiMethod {
  return (desktopApiMethods as string[]).includes(name);
}

/**
 * Validates a call from a renderer (less trusted than main) and runs it. Errors cross the
 * boundary as data: a DomainError keeps its code and message, anything else is logged and
 * reported without internals.
 */
export function createDispatcher(api: DesktopApi, log: (message: string, error: unknown) => void = console.error): Dispatch {
  return async (method, args) => {
    if (!isDesktopApiMethod(method)) {
      return { ok: false, error: { code: 'NOT_FOUND', message: `Unknown DesktopApi method "${method}".` } };
    }
    const parsed = desktopApiInputs[method].safeParse(args);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.slice(1).join('.') || undefined;
      return { ok: false, error: new DomainError('VALIDATION_FAILED', issue?.message ?? 'Invalid input.', field).toInfo() };
    }
    try {
      const handler = api[method] as (...a: unknown[]) => Promise<unknown>;
      return { ok: true, value: await handler.apply(api, parsed.data as unknown[]) };
    } catch (error) {
      if (isDomainError(error)) return { ok: false, error: error.toInfo() };
      log(`DesktopApi.${method} failed`, error);
      return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong in Rushes; the details are in the log.' } };
    }
  };
}
