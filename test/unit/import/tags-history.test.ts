import { describe, expect, it } from 'vitest';
import { SectionMissingError } from '../../../src/import/parse/result.ts';
import {
  parseTagsReadmeBodies,
  parseTagsReadmeLeaders,
  parseTagsReadmeLiaisons,
} from '../../../src/import/parse/tag-leaders-md.ts';
import { parseTagsYamlBodies, parseTagsYamlLeadership } from '../../../src/import/parse/tags-yaml.ts';

// toc 4513f1e (2026-03-11), tags.yaml lines 201-319 shortened: mission statements cut and the e-mail
// lines left out; the rest verbatim. The second `leadership` key of the TAG is the mis-indented
// leadership of Green Reviews.
const DUPLICATE_LEADERSHIP = `tags: # Technical Advisory Groups
  - dir: tag-operational-resilience # TAG Operational Resilience
    name: TAG Operational Resilience
    charter_link: charter.md
    label: tag-operational-resilience
    leadership:
      chairs:
        - github: mfahlandt
          lfx_id:
          name: Mario Fahlandt
          company:
    contact:
      slack: C08KGDENK34
      mailing_list: https://lists.cncf.io/g/cncf-tag-operational-resilience
      toc_liaison:
        - github: jeremyrickard
          name: Jeremy Rickard
    tag_subprojects:
      - name: Green Reviews
        contact:
          slack: C08KGDENK34 # Using parent TAG's contact
          mailing_list: https://lists.cncf.io/g/cncf-tag-operational-resilience # Using parent TAG's contact
    leadership:
      SubProject Leads:
        - github: nikimanoledaki
          lfx_id:
          name: Niki Manoledaki
          company: Grafana Labs
        - github: AntonioDiTuri
          lfx_id:
          name: Antonio Di Turi
          company: Data Reply DE
`;

// toc e42b6d7 (2025-03-26), tags.yaml lines 1-54 with the e-mail lines left out: the generator template's
// people, subproject and single-mapping liaison, and the same mis-indented "Subpproject Leads".
const TEMPLATE = `tags: # Technical Advisory Groups
  - dir: tag-developer-experience # TAG Developer Experience
    name: TAG Developer Experience
    mission_statement: >
      Databases, Microservices, Streaming, Messaging, API Management, Dev Frameworks.
    charter_link: charter.md
    label: tag-developer-experience
    leadership:
      chairs:
        - github: foo
          lfx_id: baz
          name: Foo Baz Bar
          company: Foo Baz Bar co
      tech_leads:
        - github: foo
          lfx_id: baz
          name: Foo Baz Bar
          company: Foo Baz Bar co.
    contact:
      slack: https://cloud-native.slack.com/archives/C08KGCXB458
      mailing_list: https://lists.cncf.io/g/cncf-tag-developer-experience/
      toc_liaison:
        github: foobar
        name: Foo Bar
    tag_subprojects:
      - name: Developer Experience-sub-foo
        mission_statement: >
          Foo-Baz_Bar
        contact:
          slack: https://cloud-native.slack.com/archives/C08KGCXB458 # Using parent TAG's contact
          mailing_list: https://lists.cncf.io/g/cncf-tag-developer-experience/ # Using parent TAG's contact
    leadership:
      Subpproject Leads:
        - github: foo
          lfx_id: baz
          name: Foo Baz Bar
          company: Foo Baz Bar co.
`;

describe('tags.yaml versions with a duplicated leadership key', () => {
  const result = parseTagsYamlLeadership(DUPLICATE_LEADERSHIP);

  it('reads the file instead of failing on the duplicate key', () => {
    expect(result.rejected).toEqual([]);
    expect(parseTagsYamlBodies(DUPLICATE_LEADERSHIP).rows.map((row) => [row.name, row.parentBody])).toEqual([
      ['TAG Operational Resilience', null],
      ['Green Reviews', 'TAG Operational Resilience'],
    ]);
  });

  it('gives the TAG its chairs and the subproject above the second key its leads', () => {
    expect(
      result.rows.map((row) => [row.body, row.role, row.name, row.handle, row.company, row.line]),
    ).toEqual([
      ['TAG Operational Resilience', 'chair', 'Mario Fahlandt', 'mfahlandt', null, 8],
      ['TAG Operational Resilience', 'toc-liaison', 'Jeremy Rickard', 'jeremyrickard', null, 16],
      ['Green Reviews', 'subproject-lead', 'Niki Manoledaki', 'nikimanoledaki', 'Grafana Labs', 25],
      ['Green Reviews', 'subproject-lead', 'Antonio Di Turi', 'antoniodituri', 'Data Reply DE', 29],
    ]);
  });
});

describe('tags.yaml versions holding the generator template', () => {
  it('rejects the placeholder people and subproject and loads nobody', () => {
    const result = parseTagsYamlLeadership(TEMPLATE);
    expect(result.rows).toEqual([]);
    expect(result.rejected).toEqual([
      {
        line: 26,
        reason: "Subproject 'Developer Experience-sub-foo' is a template placeholder, not a body",
      },
      {
        line: 33,
        reason:
          "TAG Developer Experience: leads of the template placeholder subproject 'Developer Experience-sub-foo'; not loaded",
      },
      {
        line: 10,
        reason: "TAG Developer Experience: chair entry is a template placeholder: 'Foo Baz Bar'",
      },
      {
        line: 15,
        reason: "TAG Developer Experience: tech-lead entry is a template placeholder: 'Foo Baz Bar'",
      },
      {
        line: 23,
        reason: "TAG Developer Experience: toc-liaison entry is a template placeholder: 'Foo Bar'",
      },
    ]);
  });

  it('keeps the TAG itself as a body', () => {
    expect(parseTagsYamlBodies(TEMPLATE).rows.map((row) => row.name)).toEqual(['TAG Developer Experience']);
  });
});

describe('toc/tags/README.md versions of 2024', () => {
  // toc 39b08aa (2024-01-04), the start of the file verbatim: the TAG process document, which lists no
  // TAG, chair or liaison (those lists had moved to tags/cncf-tags.md).
  const text = `
# CNCF Technical Advisory Groups ("TAGs")

## Introduction

The purpose of this document is to provide insight into the objectives and life cycle of Technical Advisory Groups (TAGs) within the CNCF. Various TAGs exist, each within in the CNCF. More information about each TAG can found on the [TAG List](cncf-tags.md) and by following the links to the TAG's respective repositories.
`;

  it('says that the version lists nothing rather than giving zero rows', () => {
    expect(() => parseTagsReadmeLeaders(text)).toThrow(SectionMissingError);
    expect(() => parseTagsReadmeLeaders(text)).toThrow('this version lists no TAG chairs');
    expect(() => parseTagsReadmeLiaisons(text)).toThrow('this version lists no TAGs');
    expect(() => parseTagsReadmeBodies(text)).toThrow(SectionMissingError);
  });
});
