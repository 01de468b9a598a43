import { describe, expect, it } from 'vitest';
import { summarizeFootprint, summarizeGovernance } from '../../../src/analytics/governance.ts';

const google = { id: 'org:google', name: 'Google' };
const redhat = { id: 'org:redhat', name: 'Red Hat' };
const vmware = { id: 'org:vmware', name: 'VMware' };

describe('summarizeGovernance', () => {
  it('counts maintainers by employer and finds the fewest groups holding half', () => {
    const summary = summarizeGovernance([
      { id: 'p1', organizations: [google] },
      { id: 'p2', organizations: [google] },
      { id: 'p3', organizations: [google] },
      { id: 'p4', organizations: [redhat] },
      { id: 'p5', organizations: [redhat] },
      { id: 'p6', organizations: [vmware] },
      { id: 'p7', organizations: [] },
      { id: 'p8', organizations: [] },
    ]);
    expect(summary).toMatchObject({ maintainers: 8, organizations: 3, independentMaintainers: 2 });
    expect(summary.largest).toEqual({
      organization: google,
      independentMaintainer: null,
      maintainers: 3,
      share: 3 / 8,
    });
    // Google (3) and Red Hat (2) hold 5 of 8; Google alone holds 3, under half.
    expect(summary.majority.map((group) => group.organization?.name)).toEqual(['Google', 'Red Hat']);
  });

  it('counts independent maintainers one by one, never as a bloc', () => {
    const summary = summarizeGovernance([
      { id: 'p1', organizations: [google] },
      { id: 'p2', organizations: [] },
      { id: 'p3', organizations: [] },
      { id: 'p4', organizations: [] },
    ]);
    expect(summary.largest?.organization).toEqual(google);
    // Half of 4 is 2: Google (1) and one independent maintainer.
    expect(summary.majority).toEqual([
      { organization: google, independentMaintainer: null, maintainers: 1, share: 0.25 },
      { organization: null, independentMaintainer: 'p2', maintainers: 1, share: 0.25 },
    ]);
  });

  it('lets one organization with exactly half be the majority on its own', () => {
    const summary = summarizeGovernance([
      { id: 'p1', organizations: [redhat] },
      { id: 'p2', organizations: [google] },
    ]);
    // Equal sizes: by name, so Google comes first.
    expect(summary.largest?.organization).toEqual(google);
    expect(summary.majority.map((group) => group.organization?.id)).toEqual(['org:google']);
  });

  it('counts a maintainer listed twice once, and once per employer', () => {
    const summary = summarizeGovernance([
      { id: 'p1', organizations: [google] },
      { id: 'p1', organizations: [redhat, google] },
      { id: 'p2', organizations: [redhat] },
      { id: 'p3', organizations: [vmware] },
    ]);
    expect(summary).toMatchObject({ maintainers: 3, organizations: 3, independentMaintainers: 0 });
    expect(summary.largest).toMatchObject({ organization: redhat, maintainers: 2 });
    // Red Hat covers p1 and p2: two of three.
    expect(summary.majority.map((group) => group.organization?.id)).toEqual(['org:redhat']);
  });

  it('has nothing to say about a project without maintainers', () => {
    expect(summarizeGovernance([])).toEqual({
      maintainers: 0,
      organizations: 0,
      independentMaintainers: 0,
      largest: null,
      majority: [],
    });
  });

  it('has no largest organization when every maintainer is independent', () => {
    const summary = summarizeGovernance([
      { id: 'p2', organizations: [] },
      { id: 'p1', organizations: [] },
    ]);
    expect(summary.largest).toBeNull();
    expect(summary.majority).toEqual([
      { organization: null, independentMaintainer: 'p1', maintainers: 1, share: 0.5 },
    ]);
  });
});

describe('summarizeFootprint', () => {
  it('groups projects by maturity and counts distinct people per level and in all', () => {
    const footprint = summarizeFootprint([
      { project: { id: 'project:k8s', name: 'Kubernetes' }, level: 'graduated', maintainerIds: ['a', 'b'] },
      { project: { id: 'project:etcd', name: 'etcd' }, level: 'graduated', maintainerIds: ['a', 'c', 'd'] },
      { project: { id: 'project:vela', name: 'KubeVela' }, level: 'incubating', maintainerIds: ['e'] },
      { project: { id: 'project:old', name: 'Old' }, level: 'archived', maintainerIds: ['a'] },
      { project: { id: 'project:x', name: 'X' }, level: null, maintainerIds: ['f'] },
    ]);
    expect(footprint.projects).toBe(5);
    expect(footprint.maintainers).toBe(6);
    expect(footprint.levels.map((level) => [level.level, level.projects.length, level.maintainers])).toEqual([
      ['graduated', 2, 4],
      ['incubating', 1, 1],
      ['sandbox', 0, 0],
      ['archived', 1, 1],
      ['other', 1, 1],
    ]);
    // Most maintainers first.
    expect(footprint.levels[0]?.projects).toEqual([
      { project: { id: 'project:etcd', name: 'etcd' }, maintainers: 3 },
      { project: { id: 'project:k8s', name: 'Kubernetes' }, maintainers: 2 },
    ]);
  });
});
