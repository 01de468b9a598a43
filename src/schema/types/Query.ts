import { builder } from '../builder.ts';

builder.queryType({
  description: 'The entry points into the cloud-native knowledge graph.',
});

interface AboutShape {
  name: string;
  version: string;
}

const About = builder.objectRef<AboutShape>('About').implement({
  description: 'What this service is and which version answers.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The service name.' }),
    version: t.exposeString('version', { description: 'The service version (from package.json).' }),
  }),
});

builder.queryField('about', (t) =>
  t.field({
    type: About,
    description: 'The service name and version.',
    resolve: (_root, _args, context) => ({ name: 'cncf-knowledge-graph', version: context.version }),
  }),
);
