/** One saved tab: a README example. */
export interface ExplorerTab {
  query: string;
  variables?: string;
}

/** What the page hands the explorer (`<script type="application/json" id="explorer-config">`); src/server/explorer writes it. */
export interface ExplorerConfig {
  /** The GraphQL endpoint, same origin. */
  endpoint: string;
  /** Demo mode only: the printed demo token of each role, for the role picker; null when tokens come from elsewhere. */
  demoTokens: Record<string, string> | null;
  tabs: ExplorerTab[];
}

/** Reads the configuration the page embeds. */
export function readConfig(document: Document): ExplorerConfig {
  const text = document.getElementById('explorer-config')?.textContent ?? '{}';
  return JSON.parse(text) as ExplorerConfig;
}
