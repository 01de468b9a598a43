import { relationConnection, relationField } from '../connections.ts';
import { MaturityLevelRef, ProjectRef } from '../refs.ts';
import { entityFields } from './entity.ts';

const MaturityLevelProjects = relationConnection(
  ProjectRef,
  {
    name: 'MaturityLevelProjectConnection',
    description: 'Projects at a CNCF maturity level.',
  },
  {
    name: 'MaturityLevelProjectEdge',
    description: 'A project at the level, with the dated claims that put it there.',
  },
);

// A node of its own in the graph (projects point at it with dated HAS_MATURITY claims), so a
// traversal that follows maturity links (`via: [HAS_MATURITY]`) reaches it and shows it as one.
MaturityLevelRef.implement({
  description: 'A CNCF maturity level: sandbox, incubating, graduated or archived.',
  fields: (t) => ({
    ...entityFields(t),
    projects: t.field({
      type: MaturityLevelProjects,
      description: 'Projects at this level (as of a day: those that held it then).',
      ...relationField(t.arg, 'maturityLevelProjects'),
    }),
  }),
});
