export function buildRenderer(options?: { production?: boolean }): Promise<string>;
export function buildElectron(): Promise<void>;
