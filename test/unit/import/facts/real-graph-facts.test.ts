import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContext, buildSourceFacts, parseSource } from '../../../../src/import/facts/index.ts';
import type { ClaimFact, ClaimType, NodeFact, SourceFacts } from '../../../../src/import/model.ts';
import { ARTICLE_INSIDE_CNCF_ZHANG_LEI, SOURCE_FILES } from '../../../../src/import/sources.ts';
import { cncfDataDir, EMAIL, readSource, sha256 } from '../source-text.ts';

const MAINTAINERS_2026 = 'foundation/project-maintainers.csv@7596c66';
const MAINTAINERS_2021 = 'foundation/project-maintainers.csv@7a9eb3e';
const TOC_README_2026 = 'toc/README.md@4acc1dc';
const TOC_README_2021 = 'toc/README.md@6a0b7c9';
const TOC_EMERITUS = 'toc/EMERITUS.md@4acc1dc';
const LANDSCAPE = 'landscape/landscape.yml@153d699';
const PEOPLE = 'people/people.json@0000cd4';
const ARTICLE = ARTICLE_INSIDE_CNCF_ZHANG_LEI.id;

// The article lives in <shared>/seed, next to <shared>/data/cncf.
const articlePath = resolve(cncfDataDir, '..', '..', ARTICLE_INSIDE_CNCF_ZHANG_LEI.path);

// The pinned snapshots, each on its own (the importer reads most of these files through their histories).
const PINNED = [...SOURCE_FILES, ARTICLE_INSIDE_CNCF_ZHANG_LEI];

/** The whole pipeline over every registered source; the article is written by hand, so its text is ''. */
function buildAll(): SourceFacts[] {
  const parsed = PINNED.map((source) =>
    parseSource(source, source.kind === 'article' ? '' : readSource(source.id)),
  );
  const context = buildContext(parsed);
  return parsed.map((source) => buildSourceFacts(source, context));
}

const all = buildAll();

function factsOf(sourceId: string): SourceFacts {
  const facts = all.find((candidate) => candidate.sourceId === sourceId);
  if (!facts) throw new Error(`no facts for ${sourceId}`);
  return facts;
}

type SourcedClaim = ClaimFact & { source: string };

const allClaims: SourcedClaim[] = all.flatMap((facts) =>
  facts.claims.map((claim) => ({ ...claim, source: facts.sourceId })),
);

function claims(type: ClaimType, fromId: string, toId?: string): SourcedClaim[] {
  return allClaims.filter(
    (claim) =>
      claim.type === type && claim.from.id === fromId && (toId === undefined || claim.to.id === toId),
  );
}

function node(sourceId: string, id: string): NodeFact | undefined {
  return factsOf(sourceId).nodes.find((candidate) => candidate.id === id);
}

const linesCache = new Map<string, string[]>();
function sourceLines(sourceId: string): string[] {
  let lines = linesCache.get(sourceId);
  if (!lines) {
    lines = (sourceId === ARTICLE ? readFileSync(articlePath, 'utf8') : readSource(sourceId)).split('\n');
    linesCache.set(sourceId, lines);
  }
  return lines;
}

function lineText(sourceId: string, line: number | null): string {
  if (line === null) throw new Error(`${sourceId}: claim without a line`);
  return sourceLines(sourceId)[line - 1] ?? '';
}

/**
 * The text a claim's line points at. people.json gives the line where a person's object opens, so
 * there it is the whole object (up to its closing brace at the array's indentation).
 */
function provenanceText(claim: SourcedClaim): string {
  if (claim.source !== PEOPLE) return lineText(claim.source, claim.line);
  const lines = sourceLines(PEOPLE);
  const start = (claim.line ?? 0) - 1;
  const end = lines.findIndex((text, index) => index > start && /^ {3}\}/.test(text));
  return lines.slice(start, end + 1).join('\n');
}

/** Who a person claim says it is about: the name as written where resolved, else the handle given. */
function personAsWritten(claim: ClaimFact): string {
  if (typeof claim.props.nameAsWritten === 'string') return claim.props.nameAsWritten;
  const handle = /^person:gh:(.+)$/.exec(claim.from.id)?.[1];
  if (!handle) throw new Error(`${claim.key}: neither a name as written nor a handle`);
  return handle;
}

describe('facts built from all real sources', () => {
  it('uses the article text the registry describes', () => {
    expect(sha256(readFileSync(articlePath))).toBe(ARTICLE_INSIDE_CNCF_ZHANG_LEI.sha256);
    expect(all.map((facts) => facts.sourceId)).toEqual(PINNED.map((source) => source.id));
  });

  describe('the two maintainers named Lei Zhang', () => {
    it('keeps resouer (Alibaba, KubeVela in 2021) and stevenleizhang (JD.com, KubeVela in 2026) apart', () => {
      expect(lineText(MAINTAINERS_2021, 746)).toContain('Lei Zhang (Harry),Alibaba,resouer');
      expect(lineText(MAINTAINERS_2026, 1207)).toContain('Lei Zhang,JD.com,StevenLeiZhang');

      expect(claims('MAINTAINS', 'person:gh:resouer', 'project:kubevela')).toMatchObject([
        {
          source: MAINTAINERS_2021,
          line: 746,
          props: { maturityAsListed: 'sandbox', observedAt: '2021-07-23' },
        },
      ]);
      expect(claims('AFFILIATED_WITH', 'person:gh:resouer', 'org:alibaba')).toMatchObject([
        {
          source: MAINTAINERS_2021,
          line: 746,
          props: { forProject: 'project:kubevela', companyAsWritten: 'Alibaba' },
        },
      ]);
      expect(claims('MAINTAINS', 'person:gh:stevenleizhang', 'project:kubevela')).toMatchObject([
        {
          source: MAINTAINERS_2026,
          line: 1207,
          props: { maturityAsListed: 'incubating', observedAt: '2026-08-21' },
        },
      ]);
      expect(claims('AFFILIATED_WITH', 'person:gh:stevenleizhang', 'org:jdcom')).toMatchObject([
        { source: MAINTAINERS_2026, line: 1207, props: { companyAsWritten: 'JD.com' } },
      ]);
    });

    it('ties nothing but his 2026 maintainer line to stevenleizhang, and nothing to the TOC', () => {
      const his = allClaims.filter((claim) => claim.from.id === 'person:gh:stevenleizhang');
      expect(his.map((claim) => [claim.source, claim.type, claim.line])).toEqual([
        [MAINTAINERS_2026, 'MAINTAINS', 1207],
        [MAINTAINERS_2026, 'AFFILIATED_WITH', 1207],
      ]);
      expect(allClaims.filter((claim) => claim.to.id === 'person:gh:stevenleizhang')).toEqual([]);
    });

    it('resolves every mention of Lei Zhang or Zhang Lei to a handle: no name-keyed namesake is left', () => {
      const nameKeyed = all.flatMap((facts) =>
        facts.nodes.filter((candidate) => /^person:name:(?:lei-zhang|zhang-lei)$/.test(candidate.id)),
      );
      expect(nameKeyed).toEqual([]);
    });
  });

  describe("Lei Zhang's TOC seat", () => {
    it('reads the TOC files as 2021-02-01 to 2023-02-01 and resolves them to resouer through the article', () => {
      expect(lineText(TOC_EMERITUS, 27)).toBe('* Lei Zhang (2/1/2021-2/1/2023)');
      expect(lineText(TOC_README_2021, 22)).toContain(
        '**Lei Zhang** (term: 2 years - start date: 2/1/2021 - 2/1/2023)',
      );
      const resolvedThroughArticle = {
        nameAsWritten: 'Lei Zhang',
        personResolvedBy: 'name-and-body-match',
        personResolvedVia: `${ARTICLE}#L14`,
      };
      expect(
        claims('SERVES_ON', 'person:gh:resouer', 'body:toc').filter((claim) => claim.source !== ARTICLE),
      ).toEqual([
        {
          type: 'SERVES_ON',
          from: { label: 'Person', id: 'person:gh:resouer' },
          to: { label: 'Body', id: 'body:toc' },
          line: 22,
          key: 'SERVES_ON|person:gh:resouer|body:toc|L22',
          source: TOC_README_2021,
          props: {
            seat: 'member',
            chair: false,
            appointedBy: 'GB',
            since: '2021-02-01',
            until: '2023-02-01',
            untilKind: 'term-end',
            termYears: 2,
            partialTerm: false,
            ...resolvedThroughArticle,
          },
        },
        {
          type: 'SERVES_ON',
          from: { label: 'Person', id: 'person:gh:resouer' },
          to: { label: 'Body', id: 'body:toc' },
          line: 27,
          key: 'SERVES_ON|person:gh:resouer|body:toc|L27',
          source: TOC_EMERITUS,
          props: {
            seat: 'member',
            chair: false,
            since: '2021-02-01',
            until: '2023-02-01',
            untilKind: 'actual',
            partialTerm: false,
            ...resolvedThroughArticle,
          },
        },
      ]);
    });

    it("keeps the article's own seat claim (since 2021-02-02) beside the TOC files' 2021-02-01", () => {
      expect(lineText(ARTICLE, 14)).toContain('On February 2, 2021');
      expect(lineText(ARTICLE, 14)).toContain('Alibaba Cloud senior expert Zhang Lei was elected');
      const article = claims('SERVES_ON', 'person:gh:resouer', 'body:toc').filter(
        (claim) => claim.source === ARTICLE,
      );
      expect(article).toMatchObject([
        {
          line: 14,
          props: {
            seat: 'member',
            since: '2021-02-02',
            nameAsWritten: 'Zhang Lei',
            personResolvedBy: 'name-and-organization-match',
            personResolvedVia: `${MAINTAINERS_2021}#L746`,
          },
        },
      ]);
      // Nothing picks a winner: all three statements of the seat stand, each with its own source.
      expect(
        claims('SERVES_ON', 'person:gh:resouer', 'body:toc').map((claim) => [
          claim.source,
          claim.props.since,
        ]),
      ).toEqual([
        [TOC_README_2021, '2021-02-01'],
        [TOC_EMERITUS, '2021-02-01'],
        [ARTICLE, '2021-02-02'],
      ]);
    });

    it("keeps the article's Kubernetes co-maintainer claim, which no maintainers list makes", () => {
      expect(lineText(ARTICLE, 16)).toContain('Zhang Lei is a co‑maintainer of the Kubernetes project');
      expect(claims('MAINTAINS', 'person:gh:resouer', 'project:kubernetes')).toMatchObject([
        { source: ARTICLE, line: 16, props: { role: 'co-maintainer', nameAsWritten: 'Zhang Lei' } },
      ]);
      // The lists do name Kubernetes maintainers, just not him.
      for (const source of [MAINTAINERS_2021, MAINTAINERS_2026]) {
        const kubernetes = factsOf(source).claims.filter(
          (claim) => claim.type === 'MAINTAINS' && claim.to.id === 'project:kubernetes',
        );
        expect(kubernetes.length, source).toBeGreaterThan(0);
        expect(
          kubernetes.filter((claim) => claim.from.id === 'person:gh:resouer'),
          source,
        ).toEqual([]);
      }
    });
  });

  describe('Katie Gamanji', () => {
    it('has both EMERITUS terms from one line, as two claims', () => {
      expect(lineText(TOC_EMERITUS, 16)).toBe('* Katie Gamanji (2/4/2020 - 11/2/2020, 3/18/2022 - 2/4/2026)');
      expect(
        claims('SERVES_ON', 'person:gh:kgamanji', 'body:toc')
          .filter((claim) => claim.source === TOC_EMERITUS)
          .map((claim) => [
            claim.key,
            claim.line,
            claim.props.since,
            claim.props.until,
            claim.props.untilKind,
          ]),
      ).toEqual([
        ['SERVES_ON|person:gh:kgamanji|body:toc|L16', 16, '2020-02-04', '2020-11-02', 'actual'],
        ['SERVES_ON|person:gh:kgamanji|body:toc|L16|2', 16, '2022-03-18', '2026-02-04', 'actual'],
      ]);
    });

    it('holds an alternate seat in the 2026 README', () => {
      expect(lineText(TOC_README_2026, 28)).toContain(
        '**Katie Gamanji** (term: 1 year - start date: 5/12/2026 - 5/12/2027) [GB-appointed][alternate]',
      );
      expect(
        claims('SERVES_ON', 'person:gh:kgamanji', 'body:toc').filter((c) => c.source === TOC_README_2026),
      ).toMatchObject([
        {
          line: 28,
          props: {
            seat: 'alternate',
            appointedBy: 'GB',
            since: '2026-05-12',
            until: '2027-05-12',
            untilKind: 'term-end',
            termYears: 1,
            nameAsWritten: 'Katie Gamanji',
            personResolvedBy: 'unique-name-match',
          },
        },
      ]);
    });
  });

  describe('landscape', () => {
    /** The claim the landscape makes about a member on the item's "- item:" line. */
    const membershipClaim = (organization: string, line: number, props: Record<string, unknown>) => ({
      type: 'MEMBER_OF',
      from: { label: 'Organization', id: organization },
      to: { label: 'Body', id: 'body:cncf' },
      line,
      key: `MEMBER_OF|${organization}|body:cncf|L${line}`,
      source: LANDSCAPE,
      props,
    });

    it('gives a member organization its tier and join date (Alibaba Cloud, Platinum, 2017-05-01)', () => {
      // The claim's line is the item's "- item:" line; its name and join date follow it.
      expect(lineText(LANDSCAPE, 14200)).toBe('          - item:');
      expect(lineText(LANDSCAPE, 14201)).toContain('name: Alibaba Cloud (member)');
      expect(lineText(LANDSCAPE, 14205)).toContain("joined: '2017-05-01'");
      expect(lineText(LANDSCAPE, 14191)).toContain('name: Platinum');
      expect(claims('MEMBER_OF', 'org:alibabacloud', 'body:cncf')).toEqual([
        membershipClaim('org:alibabacloud', 14200, {
          tier: 'Platinum',
          membership: 'member',
          endUser: false,
          since: '2017-05-01',
          observedAt: '2026-08-07',
        }),
      ]);
      expect(node(LANDSCAPE, 'org:alibabacloud')).toMatchObject({
        name: 'Alibaba Cloud',
        props: { homepage: 'https://us.alibabacloud.com/' },
      });
    });

    it('loads the 15 members listed without a name as anonymous organizations, each holding its tier', () => {
      expect(lineText(LANDSCAPE, 18401)).toContain('name: Non-Public Organization Bear (supporter)');
      expect(lineText(LANDSCAPE, 18404)).toContain('unnamed_organization: true');
      expect(claims('MEMBER_OF', 'org:anonymous:bear', 'body:cncf')).toEqual([
        membershipClaim('org:anonymous:bear', 18400, {
          tier: 'End User Supporter and Contributor',
          membership: 'supporter',
          endUser: false,
          observedAt: '2026-08-07',
        }),
      ]);
      // No alias and no homepage (the placeholder's is the CNCF's): nothing to find it or merge it by.
      expect(node(LANDSCAPE, 'org:anonymous:bear')).toEqual({
        label: 'Organization',
        id: 'org:anonymous:bear',
        name: 'Non-Public Organization Bear',
        aliases: [],
        props: { anonymous: true },
      });
      const anonymous = all.flatMap((facts) => facts.nodes.filter((candidate) => candidate.props.anonymous));
      expect(anonymous).toHaveLength(15);
      expect(new Set(anonymous.map((candidate) => candidate.id)).size).toBe(15);
      expect(anonymous.every((candidate) => candidate.id.startsWith('org:anonymous:'))).toBe(true);
      // Each holds one membership; no named organization shares an id with one of them.
      for (const member of anonymous) expect(claims('MEMBER_OF', member.id)).toHaveLength(1);
      const named = all.flatMap((facts) =>
        facts.nodes.filter((candidate) => candidate.label === 'Organization' && !candidate.props.anonymous),
      );
      expect(named.filter((candidate) => candidate.id.startsWith('org:anonymous'))).toEqual([]);
    });

    function periods(projectId: string): [unknown, unknown, unknown][] {
      return claims('HAS_MATURITY', projectId).map((claim) => [
        claim.props.level,
        claim.props.since,
        claim.props.until,
      ]);
    }

    it('gives Kubernetes its maturity periods: incubating from acceptance, then graduated', () => {
      // landscape.yml: accepted and incubating 2016-03-10, graduated 2018-03-06.
      expect(lineText(LANDSCAPE, 4620)).toContain('name: Kubernetes');
      expect(sourceLines(LANDSCAPE).slice(4619, 4645).join('\n')).toMatch(
        /accepted: '2016-03-10'\n\s+incubating: '2016-03-10'\n\s+graduated: '2018-03-06'/,
      );
      expect(periods('project:kubernetes')).toEqual([
        ['incubating', '2016-03-10', '2018-03-06'],
        ['graduated', '2018-03-06', undefined],
      ]);
      expect(
        claims('HAS_MATURITY', 'project:kubernetes').map((claim) => [claim.source, claim.line, claim.to.id]),
      ).toEqual([
        [LANDSCAPE, 4619, 'maturity:incubating'],
        [LANDSCAPE, 4619, 'maturity:graduated'],
      ]);
    });

    it('gives Open Policy Agent (OPA) a sandbox, an incubating and a graduated period', () => {
      expect(lineText(LANDSCAPE, 1855)).toContain('name: Open Policy Agent (OPA)');
      expect(periods('project:open-policy-agent-opa')).toEqual([
        ['sandbox', '2018-03-29', '2019-04-02'],
        ['incubating', '2019-04-02', '2021-01-29'],
        ['graduated', '2021-01-29', undefined],
      ]);
    });

    // Kgateway is listed twice: as the CNCF sandbox project (line 5561) and again, without `project:`,
    // under AI Native Infra / Gateway (line 20299). The second listing overwrites `cncf` (see the report).
    it('keeps a CNCF project that the landscape lists a second time a CNCF project', () => {
      expect(lineText(LANDSCAPE, 5562)).toContain('name: Kgateway');
      expect(lineText(LANDSCAPE, 5565)).toContain('project: sandbox');
      expect(lineText(LANDSCAPE, 20300)).toContain('name: Kgateway');
      expect(node(LANDSCAPE, 'project:kgateway')?.props).toMatchObject({ cncf: true, maturity: 'sandbox' });
    });

    // "C" (line 18646) and "C++" (line 18652) are two items; projectKey drops the "+" (see the report).
    it('keeps the languages C and C++ apart', () => {
      expect(lineText(LANDSCAPE, 18647)).toContain('name: C');
      expect(lineText(LANDSCAPE, 18653)).toContain('name: C++');
      const named = (name: string) =>
        factsOf(LANDSCAPE).nodes.filter(
          (candidate) => candidate.label === 'Project' && candidate.name === name,
        );
      expect(named('C')).toHaveLength(1);
      expect(named('C++')).toHaveLength(1);
      expect(named('C')[0]?.props.homepage).toBe('https://www.open-std.org/jtc1/sc22/wg14/');
    });
  });

  describe('the article', () => {
    it('says Dubbo, RocketMQ, Spring Cloud Alibaba and the Open Application Model originated at Alibaba', () => {
      expect(lineText(ARTICLE, 18)).toContain(
        'Dubbo, RocketMQ, Spring Cloud Alibaba, Dragonfly, OpenYurt, OpenKruise, the Open Application Model (OAM)',
      );
      const article = factsOf(ARTICLE);
      for (const [name, id] of [
        ['Dubbo', 'project:dubbo'],
        ['Apache RocketMQ', 'project:apache-rocketmq'],
        ['Spring Cloud Alibaba', 'project:spring-cloud-alibaba'],
        ['Open Application Model', 'project:open-application-model'],
      ] as const) {
        expect(node(ARTICLE, id), name).toMatchObject({ label: 'Project', name });
        expect(
          article.claims.filter((claim) => claim.type === 'ORIGINATED_AT' && claim.from.id === id),
          name,
        ).toContainEqual(
          expect.objectContaining({ to: { label: 'Organization', id: 'org:alibaba' }, line: 18 }),
        );
      }
      expect(claims('ORIGINATED_AT', 'project:open-application-model', 'org:microsoft')).toMatchObject([
        { source: ARTICLE, line: 18, props: { role: 'co-creator' } },
      ]);
    });

    it('files the article projects the landscape lists as non-CNCF items under the same node', () => {
      for (const id of ['project:dubbo', 'project:open-application-model']) {
        expect(node(LANDSCAPE, id)?.props.cncf, id).toBe(false);
      }
    });
  });

  describe('over every source', () => {
    it('loads no e-mail address into any node, claim or rejection', () => {
      for (const facts of all) {
        for (const value of [...facts.nodes, ...facts.claims, ...facts.rejected]) {
          expect(JSON.stringify(value), facts.sourceId).not.toMatch(EMAIL);
        }
      }
    });

    it('gives a Person node no property but its handle, and only when it is keyed by that handle', () => {
      const people = all.flatMap((facts) => facts.nodes.filter((candidate) => candidate.label === 'Person'));
      expect(people.length).toBeGreaterThan(2000);
      for (const person of people) {
        const handle = /^person:gh:(.+)$/.exec(person.id)?.[1];
        expect(person.props, person.id).toEqual(handle ? { handle } : {});
      }
    });

    it('gives every claim ends that are nodes of its own source, and keys unique within the source', () => {
      // The claim scripts MATCH both ends, and retracting a source relies on both ends carrying it.
      for (const facts of all) {
        const nodes = new Set(facts.nodes.map((candidate) => `${candidate.label}|${candidate.id}`));
        for (const claim of facts.claims) {
          expect(nodes.has(`${claim.from.label}|${claim.from.id}`), claim.key).toBe(true);
          expect(nodes.has(`${claim.to.label}|${claim.to.id}`), claim.key).toBe(true);
        }
        expect(new Set(facts.claims.map((claim) => claim.key)).size, facts.sourceId).toBe(
          facts.claims.length,
        );
      }
    });

    it('points every SERVES_ON claim and a sample of 50 MAINTAINS claims at a line naming the person', () => {
      const maintains = allClaims.filter((claim) => claim.type === 'MAINTAINS');
      const step = Math.floor(maintains.length / 50);
      const sample = Array.from({ length: 50 }, (_, index) => maintains[index * step] as SourcedClaim);
      const servesOn = allClaims.filter((claim) => claim.type === 'SERVES_ON');
      expect(servesOn.length).toBeGreaterThan(50);
      expect(new Set(sample.map((claim) => claim.source))).toEqual(
        new Set([MAINTAINERS_2026, MAINTAINERS_2021]),
      );
      for (const claim of [...sample, ...servesOn]) {
        expect(provenanceText(claim).toLowerCase(), `${claim.source} ${claim.key}`).toContain(
          personAsWritten(claim).toLowerCase(),
        );
      }
    });

    it('builds the same facts when run twice', { timeout: 60_000 }, () => {
      expect(buildAll()).toEqual(all);
    });
  });
});
