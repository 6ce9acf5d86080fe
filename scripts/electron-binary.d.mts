/** The Electron executable path, or null when this machine has no Electron binary. */
export function electronBinary(): string | null;
