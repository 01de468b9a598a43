import { describe, expect, it } from 'vitest';
import { type HandleSighting, PersonResolver } from '../../../../src/import/identity.ts';
import { TOC_ID } from '../../../../src/vocabulary/ids.ts';

// Invented sightings, shaped like the real ones: two maintainers share the name Lei Zhang (one at
// Alibaba, one at JD.com), only one of them is tied to the TOC, and Ada Example has a single handle.
function sighting(
  name: string,
  handle: string,
  organization: string | null,
  via: string,
  bodyIds: string[] = [],
): HandleSighting {
  return { name, handle, organization, bodyIds, via };
}

const ALIBABA_LEI = sighting('Lei Zhang (Harry)', 'Resouer', 'Alibaba', 'maintainers-2021#L746');
const JD_LEI = sighting('Lei Zhang', 'StevenLeiZhang', 'JD.com', 'maintainers-2026#L1207');
const ADA = sighting('Ada Example', 'ada-gh', 'Example Corp', 'people#L10');
const ADA_AGAIN = sighting('Ada Example', 'ADA-GH', 'Example Corp', 'maintainers#L20');
const TOC_LEI = sighting('Zhang Lei', 'resouer', null, 'article#L14', [TOC_ID]);

describe('PersonResolver', () => {
  const resolver = new PersonResolver([ALIBABA_LEI, JD_LEI, ADA, ADA_AGAIN]);

  it('takes a handle the source gives at its word, lower-cased, without looking at names', () => {
    expect(resolver.resolve({ name: 'Lei Zhang', handle: 'StevenLeiZhang' })).toEqual({
      personId: 'person:gh:stevenleizhang',
      handle: 'stevenleizhang',
      resolvedBy: 'handle-in-source',
      resolvedVia: null,
      candidates: [],
    });
  });

  it('resolves a name with exactly one known handle and names the first sighting that links them', () => {
    // Two sightings, one handle (case differs): still one person.
    expect(resolver.resolve({ name: 'Ada Example', handle: null })).toEqual({
      personId: 'person:gh:ada-gh',
      handle: 'ada-gh',
      resolvedBy: 'unique-name-match',
      resolvedVia: 'people#L10',
      candidates: [],
    });
  });

  it('matches names regardless of case, accents and a bracketed nickname', () => {
    const accented = new PersonResolver([sighting('Zdeněk Váňa (Zed)', 'zvana', null, 'x#L1')]);
    expect(accented.resolve({ name: 'zdenek vana', handle: null })).toMatchObject({
      personId: 'person:gh:zvana',
      resolvedBy: 'unique-name-match',
    });
  });

  it('keeps a name with two handles apart, keyed by name, and lists both candidates', () => {
    expect(resolver.resolve({ name: 'Lei Zhang', handle: null })).toEqual({
      personId: 'person:name:lei-zhang',
      handle: null,
      resolvedBy: 'ambiguous-name',
      resolvedVia: null,
      candidates: ['resouer', 'stevenleizhang'],
    });
  });

  it('stays ambiguous when the organization matches neither namesake', () => {
    expect(resolver.resolve({ name: 'Lei Zhang', handle: null, organization: 'Google' })).toMatchObject({
      personId: 'person:name:lei-zhang',
      resolvedBy: 'ambiguous-name',
      candidates: ['resouer', 'stevenleizhang'],
    });
  });

  it('picks the namesake whose organization matches', () => {
    expect(resolver.resolve({ name: 'Lei Zhang', handle: null, organization: 'JD' })).toEqual({
      personId: 'person:gh:stevenleizhang',
      handle: 'stevenleizhang',
      resolvedBy: 'name-and-organization-match',
      resolvedVia: 'maintainers-2026#L1207',
      candidates: [],
    });
  });

  it('counts "Alibaba Cloud" and "Alibaba" as the same employer, in either direction', () => {
    expect(
      resolver.resolve({ name: 'Lei Zhang', handle: null, organization: 'Alibaba Cloud' }),
    ).toMatchObject({
      personId: 'person:gh:resouer',
      resolvedBy: 'name-and-organization-match',
      resolvedVia: 'maintainers-2021#L746',
    });
    const cloudSighting = new PersonResolver([
      sighting('Lei Zhang', 'resouer', 'Alibaba Cloud', 'a#L1'),
      sighting('Lei Zhang', 'stevenleizhang', 'JD.com', 'b#L2'),
    ]);
    expect(cloudSighting.resolve({ name: 'Lei Zhang', handle: null, organization: 'Alibaba' })).toMatchObject(
      {
        personId: 'person:gh:resouer',
        resolvedBy: 'name-and-organization-match',
      },
    );
  });

  it('picks the namesake tied to the body the mention is about', () => {
    const withToc = new PersonResolver([ALIBABA_LEI, JD_LEI, TOC_LEI]);
    expect(withToc.resolve({ name: 'Lei Zhang', handle: null, bodyId: TOC_ID })).toEqual({
      personId: 'person:gh:resouer',
      handle: 'resouer',
      resolvedBy: 'name-and-body-match',
      resolvedVia: 'article#L14',
      candidates: [],
    });
  });

  it('stays ambiguous when the body is tied to neither namesake', () => {
    expect(resolver.resolve({ name: 'Lei Zhang', handle: null, bodyId: TOC_ID })).toMatchObject({
      personId: 'person:name:lei-zhang',
      resolvedBy: 'ambiguous-name',
    });
  });

  it('falls back to the body when the organization matches both namesakes', () => {
    const bothAlibaba = new PersonResolver([
      sighting('Lei Zhang', 'first-lei', 'Alibaba', 'a#L1'),
      sighting('Lei Zhang', 'second-lei', 'Alibaba Group', 'b#L2', [TOC_ID]),
    ]);
    expect(bothAlibaba.resolve({ name: 'Lei Zhang', handle: null, organization: 'Alibaba' })).toMatchObject({
      resolvedBy: 'ambiguous-name',
      candidates: ['first-lei', 'second-lei'],
    });
    expect(
      bothAlibaba.resolve({ name: 'Lei Zhang', handle: null, organization: 'Alibaba', bodyId: TOC_ID }),
    ).toMatchObject({
      personId: 'person:gh:second-lei',
      resolvedBy: 'name-and-body-match',
      resolvedVia: 'b#L2',
    });
  });

  it('matches a family-name-first mention ("Zhang Lei") to a sighting written "Lei Zhang"', () => {
    const unique = new PersonResolver([ALIBABA_LEI]);
    expect(unique.resolve({ name: 'Zhang Lei', handle: null })).toMatchObject({
      personId: 'person:gh:resouer',
      resolvedBy: 'unique-name-match',
      resolvedVia: 'maintainers-2021#L746',
    });
    // And it meets the same ambiguity as the given-name-first spelling.
    expect(resolver.resolve({ name: 'Zhang Lei', handle: null })).toMatchObject({
      personId: 'person:name:zhang-lei',
      resolvedBy: 'ambiguous-name',
      candidates: ['resouer', 'stevenleizhang'],
    });
  });

  it('keeps a name no source links to a handle, keyed by name', () => {
    expect(resolver.resolve({ name: 'Kelsey Example', handle: null, organization: 'Alibaba' })).toEqual({
      personId: 'person:name:kelsey-example',
      handle: null,
      resolvedBy: 'no-handle-known',
      resolvedVia: null,
      candidates: [],
    });
  });
});
