import type { FactsBuilder } from './builder.ts';

/**
 * The founding article ("Inside CNCF: How Alibaba's Zhang Lei Shapes the Future of Cloud Native")
 * is prose, so its facts are written down here by hand, each with the line that states it. They
 * are claims like any other: where the CNCF's files say otherwise (the TOC file's 2021-02-01 against
 * the article's 2021-02-02; "co-maintainer of Kubernetes", which no maintainer list shows), both
 * stand, each with its source. Years without a day are stored as the year's first day with
 * `datePrecision: 'year'`.
 */

// The article names him "Zhang Lei" (family name first) of Alibaba Cloud; the resolver matches that
// to a handle only through another source that links the same name and employer to one.
const ZHANG_LEI = { name: 'Zhang Lei', handle: null, organization: 'Alibaba Cloud' } as const;

const ANNOUNCED = '2021-02-02';

// What the article states as current ("co-maintainer", "works on", "senior expert") it states as of
// its date; the first CNCF maintainer list after it (2021-07-23) speaks for itself from then on.
const OBSERVED = { observedAt: ANNOUNCED, supersededAt: '2021-07-23' } as const;

export function articleFacts(builder: FactsBuilder): void {
  const { ref: lei, resolution } = builder.person(ZHANG_LEI);
  const alibaba = builder.organization('Alibaba') ?? fail('Alibaba');
  const alibabaCloud = builder.organization('Alibaba Cloud') ?? fail('Alibaba Cloud');
  const microsoft = builder.organization('Microsoft') ?? fail('Microsoft');

  // Line 12: Alibaba's upstream work since 2017.
  for (const name of ['etcd', 'Kubernetes', 'containerd']) {
    builder.claim('CONTRIBUTES_TO', alibaba, builder.project(name), 12, {
      since: '2017-01-01',
      datePrecision: 'year',
    });
  }

  // Line 14: the election result, announced on 2021-02-02; he is an Alibaba Cloud senior expert.
  builder.claim('SERVES_ON', lei, builder.toc(), 14, {
    seat: 'member',
    since: ANNOUNCED,
    sinceMeaning: 'election result announced',
    ...resolution,
  });
  builder.claim('AFFILIATED_WITH', lei, alibabaCloud, 14, {
    title: 'senior expert',
    ...OBSERVED,
    ...resolution,
  });

  // Line 16: co-maintainer of Kubernetes; co-chair of the App Delivery SIG (the first Chinese co-chair,
  // in 2019); CNCF ambassador since 2016.
  builder.claim('MAINTAINS', lei, builder.project('Kubernetes'), 16, {
    role: 'co-maintainer',
    ...OBSERVED,
    ...resolution,
  });
  builder.claim('LEADS', lei, builder.body('SIG App Delivery', 'TAG'), 16, {
    role: 'chair',
    since: '2019-01-01',
    datePrecision: 'year',
    ...resolution,
  });
  builder.claim('MEMBER_OF', lei, builder.ambassadors(), 16, {
    role: 'ambassador',
    since: '2016-01-01',
    datePrecision: 'year',
    ...resolution,
  });

  // Line 18: projects from Alibaba; OAM was co-created with Microsoft.
  const fromAlibaba = [
    'Dubbo',
    'RocketMQ',
    'Spring Cloud Alibaba',
    'Dragonfly',
    'OpenYurt',
    'OpenKruise',
    'Open Application Model',
    'KubeVela',
    'Fluid',
    'Serverless Devs',
  ];
  for (const name of fromAlibaba) builder.claim('ORIGINATED_AT', builder.project(name), alibaba, 18);
  builder.claim('ORIGINATED_AT', builder.project('Open Application Model'), microsoft, 18, {
    role: 'co-creator',
  });

  // Line 20: what he works on, and what he contributed to before.
  for (const name of ['Open Application Model', 'KubeVela', 'OpenKruise', 'OpenYurt']) {
    builder.claim('CONTRIBUTES_TO', lei, builder.project(name), 20, { ...OBSERVED, ...resolution });
  }
  for (const name of ['Kubernetes', 'Kata Containers']) {
    builder.claim('CONTRIBUTES_TO', lei, builder.project(name), 20, {
      ...OBSERVED,
      tense: 'past',
      ...resolution,
    });
  }
}

function fail(name: string): never {
  throw new Error(`${name} did not give an organization key`);
}
