import { builder } from './builder.ts';
import './types/scalars.ts';
import './types/Query.ts';
import './types/Source.ts';
import './types/Claim.ts';
import './types/Commit.ts';
import './types/Coverage.ts';
import './types/Change.ts';
import './types/Person.ts';
import './types/People.ts';
import './types/Organization.ts';
import './types/Project.ts';
import './types/Body.ts';
import './types/Category.ts';
import './types/Search.ts';
import './types/Traversal.ts';
import './types/Analytics.ts';

export const schema = builder.toSchema({ sortSchema: true });
