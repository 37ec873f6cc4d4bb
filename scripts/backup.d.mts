export const DEFAULT_CONSOLE_DB_FILE: string;
export function consoleDbFile(env?: Record<string, string | undefined>): string;
export function defaultBackupFile(dbFile: string, now?: Date): string;
export function backup(dbFile: string, target: string): Promise<number>;
