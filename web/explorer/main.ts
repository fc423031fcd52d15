// The explorer in the browser: GraphiQL (from the project's own node_modules, bundled by src/server/explorer) under a
// bar with the bearer token, and in demo mode a role picker that fills in that role's printed demo token.
import { createElement as h, useMemo, useState, type ChangeEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import type { Fetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';
import './explorer.css';
import { readConfig, type ExplorerConfig } from './config.js';

/** A fetcher that posts to the gateway with the token from the bar (none when the field is empty). */
function createFetcher(endpoint: string, token: string): Fetcher {
  return async (params) => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(params),
    });
    return response.json();
  };
}

function Explorer({ config }: { config: ExplorerConfig }) {
  const [token, setToken] = useState('');
  const [role, setRole] = useState('');
  const fetcher = useMemo(() => createFetcher(config.endpoint, token.trim()), [config.endpoint, token]);
  const demo = config.demoTokens;
  const pickRole = (event: ChangeEvent<HTMLSelectElement>) => {
    setRole(event.target.value);
    setToken(demo?.[event.target.value] ?? '');
  };
  const bar = h('header', { className: 'explorer-bar' },
    h('strong', null, 'Customer 360 Gateway explorer'),
    demo
      ? h('label', null, 'Demo role ',
        h('select', { id: 'explorer-role', value: role, onChange: pickRole },
          h('option', { value: '' }, '(choose)'),
          ...Object.keys(demo).map((name) => h('option', { key: name, value: name }, name))))
      : null,
    h('label', { className: 'explorer-token' }, 'Bearer token ',
      h('input', {
        id: 'explorer-token', type: 'text', spellCheck: false, autoComplete: 'off', placeholder: 'paste a JWT', value: token,
        onChange: (event: ChangeEvent<HTMLInputElement>) => { setToken(event.target.value); setRole(''); },
      })));
  // A new token is a new caller: GraphiQL is mounted afresh so it introspects the schema that caller may see.
  return h('div', { className: 'explorer' }, bar,
    h('div', { className: 'explorer-graphiql' }, h(GraphiQL, { key: token, fetcher, defaultTabs: config.tabs, isHeadersEditorEnabled: false })));
}

const root = document.getElementById('explorer');
if (root) createRoot(root).render(h(Explorer, { config: readConfig(document) }));
