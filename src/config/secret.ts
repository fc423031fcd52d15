import { hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The root secret for customer ids and pseudonyms: `GATEWAY_SECRET` when set (replicas must share it),
 * otherwise one generated on first start and kept in the data directory so ids survive restarts.
 */
export function loadGatewaySecret(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return Buffer.from(configured, 'utf8');
  const file = join(dataDir, 'gateway-secret');
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  } catch {
    const secret = randomBytes(32);
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, secret.toString('base64url'), { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      // Another process wrote it first: use theirs, so both agree.
      return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
    }
  }
}

/** Derives an independent 32-byte subkey for one purpose (HKDF-SHA256), so no two uses share a key. */
export function deriveKey(root: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', root, Buffer.alloc(0), `customer-360/${purpose}`, 32));
}
