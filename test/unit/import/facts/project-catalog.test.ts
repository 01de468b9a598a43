import { describe, expect, it } from 'vitest';
import { ProjectCatalog } from '../../../../src/import/facts/project-catalog.ts';

// Invented items spelled as the landscape spells them (the real landscape has these names).
const catalog = new ProjectCatalog([
  { name: 'Open Policy Agent (OPA)', cncf: true },
  { name: 'Chaos Mesh', cncf: true },
  { name: 'Kubernetes', cncf: true },
  { name: 'Litmus', cncf: true },
  { name: 'CubeFS', cncf: true },
  // The same name outside and inside the CNCF, in both orders: the CNCF item must win either way.
  { name: 'Dragonfly', cncf: false },
  { name: 'dragonfly', cncf: true },
  { name: 'Flux', cncf: true },
  { name: 'FLUX', cncf: false },
  { name: 'Apache RocketMQ', cncf: false },
]);

describe('ProjectCatalog', () => {
  it('finds a bracketed name from its long form, its abbreviation and its full spelling', () => {
    expect(catalog.canonicalName('Open Policy Agent')).toBe('Open Policy Agent (OPA)');
    expect(catalog.canonicalName('OPA')).toBe('Open Policy Agent (OPA)');
    expect(catalog.canonicalName('open policy agent (opa)')).toBe('Open Policy Agent (OPA)');
  });

  it('ignores case, spacing and punctuation', () => {
    expect(catalog.canonicalName('ChaosMesh')).toBe('Chaos Mesh');
    expect(catalog.canonicalName('chaos-mesh')).toBe('Chaos Mesh');
    expect(catalog.canonicalName('  KUBERNETES ')).toBe('Kubernetes');
  });

  it('maps the old names the maintainers list still uses to the current landscape names', () => {
    expect(catalog.canonicalName('LitmusChaos')).toBe('Litmus');
    expect(catalog.canonicalName('ChubaoFS')).toBe('CubeFS');
  });

  it('prefers the CNCF item over a non-CNCF item of the same name, whichever comes first', () => {
    expect(catalog.canonicalName('Dragonfly')).toBe('dragonfly');
    expect(catalog.canonicalName('flux')).toBe('Flux');
  });

  it('returns null for a name it does not know, and does not match on a prefix', () => {
    expect(catalog.canonicalName('Spring Cloud Alibaba')).toBeNull();
    expect(catalog.canonicalName('Kube')).toBeNull();
    expect(catalog.canonicalName('')).toBeNull();
  });

  it('finds an Apache project under its name without the prefix', () => {
    // The landscape spells it "Apache RocketMQ"; the article says "RocketMQ".
    expect(catalog.canonicalName('RocketMQ')).toBe('Apache RocketMQ');
  });
});
