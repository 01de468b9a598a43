import { describe, expect, it } from 'vitest';
import { parseCncfTagsBodies, parseCncfTagsLeaders } from '../../../src/import/parse/cncf-tags-md.ts';
import { SectionMissingError } from '../../../src/import/parse/result.ts';
import type { BodyLeaderRow } from '../../../src/import/rows.ts';

// toc 33c1e48 (2023-06-21), tags/cncf-tags.md lines 104-131 verbatim: the TAG process document. Its role
// headings describe the roles and name nobody; there is no TAG Leadership or Current TAGS section (same in
// eed4357, 2021-05-12).
const PROCESS = `### TAG Member Roles

#### Chair

* Three chairs where the active chair rotates each week/fortnight/month.
* Primarily performs administrative functions including collecting and compiling topics for the (bi)weekly agenda, chairing the meeting, ensuring that quality meeting minutes are published, and follow-up actions tracked and resolved.
* A chair role may be held and performed by a tech lead, in cases where one person has the time and ability to perform both roles to the satisfaction of the TOC and TAG members.

#### Tech Lead

* Leads projects in the TAG’s area.
* Has the time and ability to perform deep technical dives on projects.   Projects may include formal CNCF projects or other projects in the area covered by the TAG.

#### Other named roles

* Named and defined by the TAG (e.g. scribe, PR lead, docs/training lead, etc)
* Approved by supermajority of the chairs.

#### Other members

* Self-declared
* May either have no explicit roles or responsibilities, or formally assigned roles (see above).
* May not create the impression that they have any authority or formal responsibilities in the TAG other than assigned roles.

### TOC Liaisons

TOC is the technical governing body of the CNCF. It’s important that we ensure a good flow of governance information and feedback loops to and from the  TAGs. With several TAGs, it can be hard to connect for community wide consensus therefore each group is assigned at least one TOC liaison.

`;

// toc 39b08aa (2024-01-04), lines 9-64 verbatim: the Current TAGS table with its liaisons column, then the
// leadership as bullets; TAG Network's Tech Leads heading has no bullets. The same layout runs to 72eb48e.
const BULLETS = `## Current TAGS
(In alphabetical order by TAG)
| Name | TOC Liaisons - updated as of 4/11/2023 |
|------|--------------| 
| [TAG App Delivery](https://github.com/cncf/tag-app-delivery) | Katie Gamanji, Justin Cormack |
| [TAG Contributor Strategy](https://github.com/cncf/tag-contributor-strategy) | Dave Zolotusky, Emily Fox |
| [TAG Environmental Sustainability](https://github.com/cncf/tag-env-sustainability/) | Erin Boyd, Matt Farina, Emily Fox |
| [TAG Network](https://github.com/cncf/tag-network) | Duffie Cooley, Ricardo Rocha |
| [TAG Observability](https://github.com/cncf/tag-observability) | Erin Boyd, Ricardo Rocha,  Cathy Zhang |
| [TAG Runtime](https://github.com/cncf/tag-runtime) | Nikhita Raghunath, Richard Hartmann, Cathy Zhang |
| [TAG Security](https://github.com/cncf/tag-security) | Duffie Cooley, Dave Zolotusky|
| [TAG Storage](https://github.com/cncf/tag-storage) | Matt Farina, Nikhita Raghunath  |

## TAG Leadership

(Leads in alphabetical order)
<!-- initial refactor update adding chairs and leads form each TAG repo README - Riaan - Dec 2023 -->

### TAG App-Delivery
#### Chairs
* [Alois Reitbauer](https://github.com/AloisReitbauer)
* [Josh Gavant](https://github.com/joshgav)
* [Thomas Schuetz](https://github.com/thschue)

#### Tech Leads
* [Alex Jones](https://github.com/alexsjones)
* [Karena Angell](https://github.com/angellk)
* [Lian Li](https://github.com/lianmakesthings)

### TAG Contributor Strategy
#### Chairs
* [Josh Berkus](https://github.com/jberkus)
* [Catherine Paganini](https://github.com/CathPag)
* [Dawn Foster](https://github.com/geekygirldawn)

#### Tech Leads
* [Ali Ok](https://github.com/aliok)
* [Riaan Kleinhans](https://github.com/Riaankl)
  
### TAG Environmental Sustainability
#### Chairs
* [Leonard Vincent Simon Pahlke](https://github.com/leonardpahlke)
* [Marlow Weston](https://github.com/catblade)
* [Max Körbächer](https://github.com/mkorbi)

#### Tech Leads
* [Cara Delia](https://github.com/caradelia)

### TAG Network
#### Chairs
* [Lee Calcote](https://github.com/leecalcote)
* [Lin Sun](https://github.com/linsun)
* [Zack Butcher](https://github.com/ZackButcher)

#### Tech Leads

`;

// toc 778e76b (2024-07-30), lines 22-26 and 85-101 verbatim (the TAGs between left out): TAG Security's
// chairs as a Name | Organization | Term table with a stray trailing '@' cell, and its tech leads under a
// "### Tech Leads" heading one level too high.
const MIXED = `## TAG Leadership

(Leads in alphabetical order)
<!-- initial refactor update adding chairs and leads form each TAG repo README - Riaan - Dec 2023 -->

### TAG Security
#### Chairs
| Name                  | Organization            | Term                |
|-----------------------|------------------------|---------------------|
| [Pushkar Joglekar](https://github.com/PushkarJ)      | Independent            | June, 2023 - June, 2025 | @ |
| [Marina Moore](https://github.com/mnm678)          | Independent                  | October, 2023 - October, 2025 | 
| [Eddie Knight](https://github.com/eddie-knight)          | Sonatype               | May, 2024 - May, 2026 | @ |

### Tech Leads

| Name                  | Organization           | 
|-----------------------|------------------------|
| [Justin Cappos](https://github.com/JustinCappos)       | New York University    |
| [Ash Narkar](https://github.com/ashutosh-narkar)       | Styra                  |
| [Andrés Vega](https://github.com/anvega)               | M42                    | 
| [Ragashree Shekar](https://github.com/ragashreeshekar) | Independent            |
| [Michael Lieberman](https://github.com/mlieberman85)   | Kusari                 | 
`;

// toc 7e81a9d (2024-08-27), lines 22-25 and 43-86 verbatim: every role as a table; an Organization column
// with rows that leave it out; a Tech Leads heading right after the chairs' table. Same to fe5c48b.
const TABLES = `## TAG Leadership

(Leads in alphabetical order)
<!-- initial refactor update adding chairs and leads form each TAG repo README - Riaan - Dec 2023 -->
### TAG Contributor Strategy
#### Chairs
| Name                  |
|-----------------------|
| [Josh Berkus](https://github.com/jberkus)         |
| [Catherine Paganini](https://github.com/CathPag)  |
| [Dawn Foster](https://github.com/geekygirldawn)   |

#### Tech Leads

| Name                  | Organization           | 
|-----------------------|------------------------|
| [Ali Ok](https://github.com/aliok)            |
| [Riaan Kleinhans](https://github.com/Riaankl) |

  
### TAG Environmental Sustainability
#### Chairs
| Name                  |
|-----------------------|
| [Leonard Vincent Simon Pahlke](https://github.com/leonardpahlke)  |
| [Marlow Weston](https://github.com/catblade)                      |
| [Max Körbächer](https://github.com/mkorbi)                        |

#### Tech Leads

| Name                  |
|-----------------------|
| [Cara Delia](https://github.com/caradelia)                |
| [Kristina Devochko](https://github.com/guidemetothemoon)  |


### TAG Network
#### Chairs
| Name                  |
|-----------------------|
| [Lee Calcote](https://github.com/leecalcote)      |
| [Nic Jackson](https://github.com/nicholasjackson) |
| [Zack Butcher](https://github.com/ZackButcher)    |
#### Tech Leads

| Name                  | 
|-----------------------|
| [Zhonghu Xu](https://github.com/hzxuzhonghu)  |
`;

// toc 8fbce98 (2024-09-11), lines 22-25 and 120-139 verbatim: a link that is not a GitHub profile
// ("https://github.commatthewflannery"), in every version from here to fe5c48b.
const BAD_LINK = `## TAG Leadership

(Leads in alphabetical order)
<!-- initial refactor update adding chairs and leads form each TAG repo README - Riaan - Dec 2023 -->
### TAG Security
#### Chairs
| Name                  | Organization            | Term                |
|-----------------------|------------------------|---------------------|
| [Pushkar Joglekar](https://github.com/PushkarJ)      | Independent            | June, 2023 - June, 2025 | @ |
| [Marina Moore](https://github.com/mnm678)          | Independent                  | October, 2023 - October, 2025 | 
| [Eddie Knight](https://github.com/eddie-knight)          | Sonatype               | May, 2024 - May, 2026 | @ |

#### Tech Leads

| Name                  | Organization           | 
|-----------------------|------------------------|
| [Justin Cappos](https://github.com/JustinCappos)       | New York University    |
| [Ash Narkar](https://github.com/ashutosh-narkar)       | Styra                  |
| [Michael Lieberman](https://github.com/mlieberman85)   | Kusari                 | 
| [John Kjell](https://github.com/kjell)                 | TestifySec             | 
| [Marco De Benedictis](https://github.com/mrcdb)        | ControlPlane           |
| [Matt Flannery](https://github.commatthewflannery)     | ThreatCanary           |
| [Brandt Keller](https://github.com/brandtkeller)       | Defense Unicorns       |

`;

const leader = (over: Partial<BodyLeaderRow>): BodyLeaderRow => ({
  body: 'TAG Security',
  bodyKind: 'TAG',
  parentBody: null,
  name: '',
  handle: null,
  company: null,
  role: 'chair',
  emeritus: false,
  since: null,
  until: null,
  line: 0,
  ...over,
});

const summary = (rows: BodyLeaderRow[]) => rows.map((row) => `${row.body}/${row.role}/${row.name}`);

describe('cncf-tags.md: the process document (2021, 2023)', () => {
  it('has no leadership and no Current TAGS section', () => {
    expect(() => parseCncfTagsLeaders(PROCESS)).toThrow(SectionMissingError);
    expect(() => parseCncfTagsBodies(PROCESS)).toThrow(SectionMissingError);
  });
});

describe('cncf-tags.md: bullets (39b08aa … 72eb48e)', () => {
  const leaders = parseCncfTagsLeaders(BULLETS);

  it('reads the Current TAGS table as TAG bodies with their links', () => {
    const bodies = parseCncfTagsBodies(BULLETS);
    expect(bodies.rejected).toEqual([]);
    expect(bodies.rows.map((row) => row.name)).toEqual([
      'TAG App Delivery',
      'TAG Contributor Strategy',
      'TAG Environmental Sustainability',
      'TAG Network',
      'TAG Observability',
      'TAG Runtime',
      'TAG Security',
      'TAG Storage',
    ]);
    expect(bodies.rows[2]).toEqual({
      name: 'TAG Environmental Sustainability',
      kind: 'TAG',
      parentBody: null,
      description: null,
      link: 'https://github.com/cncf/tag-env-sustainability/',
      archived: false,
      status: null,
      line: 7,
    });
  });

  it('reads the liaisons column as toc-liaison rows, names only', () => {
    const liaisons = leaders.rows.filter((row) => row.role === 'toc-liaison');
    expect(liaisons).toHaveLength(19);
    expect(liaisons.filter((row) => row.body === 'TAG Observability')).toEqual(
      ['Erin Boyd', 'Ricardo Rocha', 'Cathy Zhang'].map((name) =>
        leader({ body: 'TAG Observability', name, role: 'toc-liaison', line: 9 }),
      ),
    );
  });

  it('reads chairs and tech leads with lower-cased handles; an empty Tech Leads heading gives nobody', () => {
    expect(leaders.rejected).toEqual([]);
    expect(leaders.rows[19]).toEqual(
      leader({ body: 'TAG App-Delivery', name: 'Alois Reitbauer', handle: 'aloisreitbauer', line: 21 }),
    );
    const people = leaders.rows.filter((row) => row.role !== 'toc-liaison');
    expect(people.filter((row) => row.role === 'chair')).toHaveLength(12);
    expect(summary(people.filter((row) => row.role === 'tech-lead'))).toEqual([
      'TAG App-Delivery/tech-lead/Alex Jones',
      'TAG App-Delivery/tech-lead/Karena Angell',
      'TAG App-Delivery/tech-lead/Lian Li',
      'TAG Contributor Strategy/tech-lead/Ali Ok',
      'TAG Contributor Strategy/tech-lead/Riaan Kleinhans',
      'TAG Environmental Sustainability/tech-lead/Cara Delia',
    ]);
    expect(people.filter((row) => row.body === 'TAG Network').map((row) => row.role)).toEqual([
      'chair',
      'chair',
      'chair',
    ]);
  });
});

describe('cncf-tags.md: TAG Security as tables among bullets (778e76b)', () => {
  const { rows, rejected } = parseCncfTagsLeaders(MIXED);

  it('reads name and organization, ignores the Term column and the stray trailing cell', () => {
    expect(rejected).toEqual([]);
    expect(rows.slice(0, 3)).toEqual([
      leader({ name: 'Pushkar Joglekar', handle: 'pushkarj', company: 'Independent', line: 10 }),
      leader({ name: 'Marina Moore', handle: 'mnm678', company: 'Independent', line: 11 }),
      leader({ name: 'Eddie Knight', handle: 'eddie-knight', company: 'Sonatype', line: 12 }),
    ]);
  });

  it('keeps the tech leads of a "### Tech Leads" heading with the TAG above it', () => {
    expect(rows.slice(3)).toHaveLength(5);
    expect(rows[5]).toEqual(
      leader({ name: 'Andrés Vega', handle: 'anvega', company: 'M42', role: 'tech-lead', line: 20 }),
    );
    expect(rows.slice(3).every((row) => row.body === 'TAG Security' && row.role === 'tech-lead')).toBe(true);
  });
});

describe('cncf-tags.md: tables (7e81a9d … fe5c48b)', () => {
  const { rows, rejected } = parseCncfTagsLeaders(TABLES);

  it('reads Name-only tables and rows that leave out the Organization cell', () => {
    expect(rejected).toEqual([]);
    expect(rows.filter((row) => row.role === 'chair')).toHaveLength(9);
    expect(rows[3]).toEqual(
      leader({
        body: 'TAG Contributor Strategy',
        name: 'Ali Ok',
        handle: 'aliok',
        role: 'tech-lead',
        line: 17,
      }),
    );
  });

  it('reads a Tech Leads heading that directly follows the chairs table', () => {
    expect(rows.at(-1)).toEqual(
      leader({ body: 'TAG Network', name: 'Zhonghu Xu', handle: 'hzxuzhonghu', role: 'tech-lead', line: 48 }),
    );
  });
});

describe('cncf-tags.md: a link that is not a GitHub profile (8fbce98 … fe5c48b)', () => {
  it('keeps the row without a handle and says so', () => {
    const { rows, rejected } = parseCncfTagsLeaders(BAD_LINK);
    expect(rows.find((row) => row.name === 'Matt Flannery')).toEqual(
      leader({ name: 'Matt Flannery', company: 'ThreatCanary', role: 'tech-lead', line: 22 }),
    );
    expect(rows).toHaveLength(10);
    expect(rejected).toEqual([
      {
        line: 22,
        reason:
          "Tech Leads of TAG Security: Matt Flannery's link 'https://github.commatthewflannery' is not a GitHub profile; row kept without a handle",
      },
    ]);
  });
});

// Not from any version: the file never listed emeritus leaders inline nor any e-mail address, but the parser
// must mark the one and never read the other.
describe('cncf-tags.md: emeritus headings, odd headings and e-mail addresses (made up)', () => {
  const text = `## TAG Leadership
### TAG Storage
#### Emeritus Chairs
* [Old Chair](https://github.com/OldChair)
* jane@example.org
### Working notes
* [Someone](https://github.com/someone)
`;
  const { rows, rejected } = parseCncfTagsLeaders(text);

  it('marks emeritus lists and rejects what it cannot place', () => {
    expect(rows).toEqual([
      leader({ body: 'TAG Storage', name: 'Old Chair', handle: 'oldchair', emeritus: true, line: 4 }),
    ]);
    expect(rejected.map((rejection) => rejection.line)).toEqual([5, 6]);
    expect(JSON.stringify(rejected)).not.toContain('jane@example.org');
  });
});
