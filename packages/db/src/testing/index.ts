export { parsePrometheusText } from './prometheus-text.ts';
export { TEMPLATE_DATABASE } from './template.ts';
export { createTestDatabase, type TestDatabase } from './test-database.ts';
