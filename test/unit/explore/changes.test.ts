import { describe, expect, it } from 'vitest';
import type { Change } from '../../../explore/src/api.ts';
import { changeWording, kindOf, otherEnd, wordingText } from '../../../explore/src/changes.ts';

const resouer = { __typename: 'Person', key: 'person:gh:resouer', name: 'Lei Zhang (Harry)' };
const kubevela = { __typename: 'Project', key: 'project:kubevela', name: 'KubeVela' };
const alibaba = { __typename: 'Organization', key: 'org:alibaba', name: 'Alibaba' };
const toc = { __typename: 'Body', key: 'body:toc', name: 'TOC' };
const appDelivery = { __typename: 'Body', key: 'body:tag-app-delivery', name: 'TAG App Delivery' };

/** A change as the API gives it (the facts of resouer's history, commits shortened). */
function change(
  kind: Change['kind'],
  direction: Change['direction'],
  subject: Change['subject'],
  object: Change['object'],
  claim: Partial<Change['claim']> = {},
): Change {
  return {
    kind,
    direction,
    date: '2022-10-12',
    commit: {
      hash: '65150e9'.padEnd(40, '0'),
      date: '2022-10-12',
      message: 'Merge pull request #438 from wonderflow/updatekube',
      url: 'https://github.com/cncf/foundation/commit/65150e9',
      fileUrl: null,
    },
    subject,
    object,
    claim: {
      role: null,
      seat: null,
      since: null,
      until: null,
      source: { key: 'foundation/project-maintainers.csv' },
      ...claim,
    },
  };
}

const said = (c: Change, viewing: string) => wordingText(changeWording(c, viewing));

describe('a change in words', () => {
  it('is told from the entity in view: its own side, or the other’s', () => {
    const added = change('MAINTAINER', 'ADDED', resouer, kubevela);
    expect(said(added, resouer.key)).toBe('added as maintainer of KubeVela');
    expect(said(added, kubevela.key)).toBe('Lei Zhang (Harry) added as maintainer');
    // Seen from neither end (an organization's list), both are named.
    expect(said(added, 'org:alibaba')).toBe('Lei Zhang (Harry) added as maintainer of KubeVela');
    expect(said(change('MAINTAINER', 'REMOVED', resouer, kubevela), resouer.key)).toBe(
      'removed as maintainer of KubeVela',
    );
  });

  it('keeps the other entity as an entity, to be shown as a button that opens it', () => {
    const added = change('MAINTAINER', 'ADDED', resouer, kubevela);
    expect(changeWording(added, resouer.key)).toContainEqual(kubevela);
    expect(changeWording(added, kubevela.key)).toContainEqual(resouer);
    expect(changeWording(added, kubevela.key)).not.toContainEqual(kubevela);
    expect(otherEnd(added, resouer.key)).toBe(kubevela);
    expect(otherEnd(added, kubevela.key)).toBe(resouer);
    expect(kindOf(kubevela)).toBe('PROJECT');
    expect(kindOf({ ...kubevela, __typename: 'Unknown' })).toBeNull();
  });

  it('names affiliations, TAG roles, liaisons and bodies listed under another', () => {
    expect(said(change('AFFILIATION', 'ADDED', resouer, alibaba), resouer.key)).toBe(
      'listed as working for Alibaba',
    );
    expect(said(change('AFFILIATION', 'REMOVED', resouer, alibaba), alibaba.key)).toBe(
      'Lei Zhang (Harry) no longer listed as one of its people',
    );
    const chair = { role: 'chair', source: { key: 'toc/tags/README.md' } };
    expect(said(change('TAG_ROLE', 'ADDED', resouer, appDelivery, chair), resouer.key)).toBe(
      'added as chair of TAG App Delivery',
    );
    expect(said(change('TAG_ROLE', 'REMOVED', resouer, appDelivery, chair), appDelivery.key)).toBe(
      'Lei Zhang (Harry) removed as chair',
    );
    expect(said(change('TAG_ROLE', 'ADDED', resouer, appDelivery, { role: 'tech_lead' }), resouer.key)).toBe(
      'added as tech lead of TAG App Delivery',
    );
    expect(said(change('LIAISON', 'REMOVED', resouer, appDelivery), resouer.key)).toBe(
      'removed as TOC liaison to TAG App Delivery',
    );
    expect(said(change('BODY', 'ADDED', appDelivery, toc), appDelivery.key)).toBe('listed under TOC');
    expect(said(change('BODY', 'REMOVED', appDelivery, toc), toc.key)).toBe(
      'TAG App Delivery no longer listed as one of its parts',
    );
  });

  it('gives a TOC seat with its term, and an emeritus listing as the end it records', () => {
    const term = { seat: 'member', since: '2021-02-01', until: '2023-02-01' };
    const seat = change('TOC_SEAT', 'ADDED', resouer, toc, { ...term, source: { key: 'toc/README.md' } });
    expect(said(seat, resouer.key)).toBe('added as member of TOC (2021-02-01 – 2023-02-01)');
    expect(said(seat, toc.key)).toBe('Lei Zhang (Harry) added as member (2021-02-01 – 2023-02-01)');
    const emeritus = change('TOC_SEAT', 'ADDED', resouer, toc, {
      ...term,
      source: { key: 'toc/EMERITUS.md' },
    });
    expect(said(emeritus, resouer.key)).toBe('listed as emeritus member of TOC (2021-02-01 – 2023-02-01)');
    const formerChair = change('TAG_ROLE', 'ADDED', resouer, appDelivery, {
      role: 'chair',
      source: { key: 'toc/tags/emeritus_leaders.md' },
    });
    expect(said(formerChair, resouer.key)).toBe('listed as emeritus chair of TAG App Delivery');
  });

  it('says a kind it does not know plainly rather than dropping it', () => {
    const unknown = change('NEW_KIND' as Change['kind'], 'ADDED', resouer, kubevela);
    expect(said(unknown, resouer.key)).toBe('new kind began: KubeVela');
  });
});
