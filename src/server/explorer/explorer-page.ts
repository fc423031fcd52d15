import type { ExampleTab } from './readme-examples.js';

/** What the page tells the browser script (web/explorer/config.ts reads the same shape). */
export interface ExplorerPageConfig {
  endpoint: string;
  demoTokens: Record<string, string> | null;
  tabs: ExampleTab[];
}

/** Where the bundle is served, beside the page. */
export const EXPLORER_ASSET_PATHS = { js: '/explorer/explorer.js', css: '/explorer/explorer.css' } as const;

/**
 * The page may load and ask only its own origin: a Content-Security-Policy that forbids every other host, so the
 * explorer works offline and sends nothing elsewhere (GraphiQL's fonts and icons are data: URLs in its stylesheet).
 */
export const EXPLORER_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// JSON inside <script> must not close the element: `<` is written as its escape.
const scriptSafe = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** The explorer's HTML page. */
export function explorerPage(config: ExplorerPageConfig): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Customer 360 Gateway explorer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${EXPLORER_ASSET_PATHS.css}">
</head>
<body>
<div id="explorer"></div>
<script type="application/json" id="explorer-config">${scriptSafe(config)}</script>
<script src="${EXPLORER_ASSET_PATHS.js}" defer></script>
</body>
</html>
`;
}
