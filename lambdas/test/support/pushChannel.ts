import WebSocket from 'ws';

/** What came of opening the push channel: it opened (with the protocol the server picked), or an HTTP refusal. */
export type PushOutcome = { opened: string } | { status: number; body: string };

/** Opens the push channel as a desktop would and closes it again: did it open, or what refused it. */
export function knock(url: string, options: { protocols?: string[]; headers?: Record<string, string> } = {}): Promise<PushOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options.protocols ?? [], { headers: options.headers ?? {} });
    socket.on('open', () => {
      resolve({ opened: socket.protocol });
      socket.close();
    });
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

/** An open push channel that keeps every message, and waits for the first that passes a test. */
export async function listen(url: string, protocols: string[]) {
  const socket = new WebSocket(url, protocols);
  const messages: string[] = [];
  const waiting = new Set<{ test: (text: string) => boolean; resolve: () => void }>();
  socket.on('message', (data: Buffer) => {
    const text = data.toString('utf8');
    messages.push(text);
    for (const waiter of waiting) {
      if (!waiter.test(text)) continue;
      waiting.delete(waiter);
      waiter.resolve();
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    messages,
    until(test: (text: string) => boolean): Promise<void> {
      if (messages.some(test)) return Promise.resolve();
      return new Promise((resolve) => waiting.add({ test, resolve }));
    },
    close: () => socket.close(),
  };
}
