import { projectKey } from '../ids.ts';

// Projects that changed name between the files, checked against the landscape: the maintainers
// list still uses the old or a longer name.
const RENAMES: Record<string, string> = {
  litmuschaos: 'litmus',
  chubaofs: 'cubefs',
  k8sgptai: 'k8sgpt',
};

/**
 * Project names as the landscape spells them, found from the other spellings sources use:
 * "Open Policy Agent" and "OPA" for "Open Policy Agent (OPA)", "ChaosMesh" for "Chaos Mesh".
 * CNCF-hosted items win over other landscape items with the same name.
 */
export class ProjectCatalog {
  private readonly byVariant = new Map<string, { name: string; cncf: boolean }>();

  constructor(items: Iterable<{ name: string; cncf: boolean }>) {
    for (const item of items) {
      for (const variant of nameVariants(item.name)) {
        const existing = this.byVariant.get(variant);
        if (!existing || (item.cncf && !existing.cncf)) this.byVariant.set(variant, item);
      }
    }
  }

  canonicalName(name: string): string | null {
    for (const variant of nameVariants(name)) {
      const found = this.byVariant.get(RENAMES[variant] ?? variant);
      if (found) return found.name;
    }
    return null;
  }
}

/** Spacing-free keys of the name, of the name without its bracketed part or an Apache prefix, and of that part. */
function nameVariants(name: string): string[] {
  const whole = projectKey(name);
  const bracket = /^(.*?)\s*\(([^)]+)\)\s*$/.exec(name);
  const variants = [whole];
  // "Apache RocketMQ" in the landscape is the article's "RocketMQ".
  if (whole.startsWith('apache ')) variants.push(whole.slice('apache '.length));
  if (bracket?.[1] && bracket[2]) variants.push(projectKey(bracket[1]), projectKey(bracket[2]));
  return variants.map((variant) => variant.replace(/ /g, '')).filter(Boolean);
}
