export { BoundedLabel, DEFAULT_ROUTES, METRIC_PREFIX, OTHER } from './metrics.ts';
export { type ObservabilityOptions, observabilityPlugins } from './plugins.ts';
export { REQUEST_ID_HEADER, requestIdFrom } from './request-id.ts';
export { type ObservabilityPlugin, requestIdOf } from './requests.ts';
