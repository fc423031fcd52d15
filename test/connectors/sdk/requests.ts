/** A DELETE with `Content-Type: application/json` and no body, as node-zendesk sends every DELETE. */
export function deleteWithEmptyJson(url: string, headers: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'DELETE', headers: { ...headers, 'Content-Type': 'application/json' } });
}
