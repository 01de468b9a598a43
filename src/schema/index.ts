import { builder } from './builder.ts';
import './types/Query.ts';

export const schema = builder.toSchema({ sortSchema: true });
