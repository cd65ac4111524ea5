import net from 'node:net';

export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(
    readonly role: string,
    readonly port: number,
    hint: string,
  ) {
    super(`Port ${port} on 127.0.0.1 (${role}) is already in use. ${hint}`);
  }
}

/** Binds and releases each port so a clash is reported by name before anything starts. */
export async function assertPortsFree(ports: Record<string, number>, hint: string): Promise<void> {
  for (const [role, port] of Object.entries(ports)) {
    await new Promise<void>((resolve, reject) => {
      const probe = net.createServer();
      probe.once('error', (error: NodeJS.ErrnoException) => {
        reject(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? new PortInUseError(role, port, hint) : error);
      });
      probe.listen({ host: '127.0.0.1', port, exclusive: true }, () => probe.close(() => resolve()));
    });
  }
}
