// The explorer in the browser: GraphiQL (from the project's own node_modules, bundled by src/server/explorer) under a
// bar with the bearer token, and in demo mode a role picker that fills in that role's printed demo token.
import { createElement as h, useMemo, useState, type ChangeEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import type { Fetcher } from '@graphiql/toolkit';
import { GraphQLError, type ExecutionResult } from 'graphql';
import 'graphiql/style.css';
import './explorer.css';
import { readConfig, type ExplorerConfig } from './config.js';

const NO_TOKEN: ExecutionResult = { errors: [new GraphQLError('No bearer token: paste one, or pick a demo role, to load the schema your role may use.')] };

// The fetcher of the token in the bar now; answers to an older token's fetcher are dropped.
let current = 0;

/**
 * A fetcher that posts to the gateway with the token from the bar. GraphiQL keeps one schema store for the page, and an
 * introspection error that arrives late overwrites the schema a newer token loaded; so an older fetcher's answers never
 * settle, and without a token nothing is sent.
 */
function createFetcher(endpoint: string, token: string): Fetcher {
  const mine = ++current;
  return async (params) => {
    if (!token) return NO_TOKEN;
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(params),
    });
    // The gateway answers in GraphQL's response shape, errors included.
    const result = (await response.json()) as ExecutionResult;
    return mine === current ? result : new Promise<never>(() => {});
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
