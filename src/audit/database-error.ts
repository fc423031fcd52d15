/** A database failure whose message is safe to log: no connection string, no password, no query values. */
export class AuditDatabaseError extends Error {
  readonly code = 'AUDIT_UNAVAILABLE';
  /** The SQLSTATE or socket error code, when there is one (e.g. `ECONNREFUSED`, `3D000`). */
  readonly reason: string | undefined;
  constructor(message: string, reason?: string) {
    super(message);
    this.name = 'AuditDatabaseError';
    this.reason = reason;
  }
}

/** Runs `op`; any failure becomes an AuditDatabaseError carrying only a redacted message and a code. */
export async function guard<T>(secrets: readonly string[], op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (error) {
    if (error instanceof AuditDatabaseError) throw error;
    const raw = error instanceof Error ? error.message : String(error);
    let message = raw.replace(/password=\S+/gi, 'password=***');
    for (const secret of secrets) message = message.split(secret).join('***');
    const code = (error as { code?: unknown } | null)?.code;
    throw new AuditDatabaseError(`audit database: ${message}`, typeof code === 'string' ? code : undefined);
  }
}
