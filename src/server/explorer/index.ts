/** The explorer: GraphiQL bundled from the project's own dependencies, served at `/` and to browsers at `/graphql`. */
export { registerExplorer, type ExplorerOptions } from './register-explorer.js';
export { prefersHtml } from './prefers-html.js';
export { readmeExamples, type ExampleTab } from './readme-examples.js';
