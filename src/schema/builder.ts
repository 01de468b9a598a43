import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import type { GraphExecutor } from '../graph/executor.ts';

/** What every resolver sees; built per request in app.ts, so loaders never outlive a request. */
export interface Context {
  graph: GraphExecutor;
  /** The service's version, for the `about` field. */
  version: string;
}

/** The one schema builder; it defines no types itself (see types/). */
export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
}>({
  plugins: [RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  relay: {},
});
