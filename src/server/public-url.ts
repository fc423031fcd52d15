/** The gateway's public base URL, which HubSpot and Square sign into webhooks and export links start with. */
export interface PublicUrl {
  /** The URL; empty until the gateway listens when none was configured. */
  (): string;
  /** Tells the address the gateway listens on: the URL from now on, unless PUBLIC_URL was configured. */
  listening(url: string): void;
}

/** PUBLIC_URL when configured, otherwise http://HOST:PORT, which is known only once the gateway listens. */
export function createPublicUrl(configured: string | undefined): PublicUrl {
  let url = configured ?? '';
  return Object.assign(() => url, { listening: (listenUrl: string) => void (url ||= listenUrl) });
}
