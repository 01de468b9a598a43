export { BoundedLabel, DEFAULT_ROUTES, METRIC_PREFIX, OTHER } from './metrics.ts';
export {
  type ObservabilityOptions,
  type ObservabilityPlugin,
  observabilityPlugins,
  requestIdOf,
} from './plugins.ts';
export { REQUEST_ID_HEADER, requestIdFrom } from './request-id.ts';
