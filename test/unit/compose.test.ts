import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig, PROJECT_ROOT } from '../../src/config.ts';

// No Docker engine runs on the machines that run CI, so docker-compose.yml cannot be started here;
// these checks keep it valid and consistent with the service's configuration instead.

interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const neo4j = compose.services.neo4j as ComposeService;
const service = compose.services.service as ComposeService;

/** Compose's `${NAME:-default}` with nothing set in the environment: the default. */
function withDefaults(value: string): string {
  return value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
}

describe('docker-compose.yml', () => {
  it('runs Neo4j 5.26 community with a healthcheck and its data on a named volume', () => {
    expect(neo4j.image).toMatch(/^neo4j:5\.26(\.\d+)?-community$/);
    expect(neo4j.healthcheck?.test.join(' ')).toContain('RETURN 1');
    expect(neo4j.volumes).toContain('neo4j-data:/data');
    expect(compose.volumes).toHaveProperty('neo4j-data');
  });

  it('starts the service only once Neo4j is healthy', () => {
    expect(service.build).toBeDefined();
    expect(service.depends_on?.neo4j?.condition).toBe('service_healthy');
  });

  it('gives the service the credentials Neo4j is created with', () => {
    const [user, password] = withDefaults(neo4j.environment?.NEO4J_AUTH ?? '').split('/');
    const env = Object.fromEntries(
      Object.entries(service.environment ?? {}).map(([name, value]) => [name, withDefaults(String(value))]),
    );
    expect(env.NEO4J_USER).toBe(user);
    expect(env.NEO4J_PASSWORD).toBe(password);
    expect(withDefaults(neo4j.environment?.NEO4J_PASSWORD ?? '')).toBe(password);
    // And the service's configuration accepts them as they are.
    expect(() => loadConfig(env)).not.toThrow();
  });

  it('points the service at the Bolt port Neo4j listens on, by its compose service name', () => {
    const uri = new URL((service.environment?.NEO4J_URI ?? '').replace('bolt://', 'http://'));
    expect(uri.hostname).toBe('neo4j');
    const boltPorts = (neo4j.ports ?? []).map((mapping) => mapping.split(':').at(-1));
    expect(boltPorts).toContain(uri.port);
  });

  it('publishes the port the service listens on, on all interfaces inside its container', () => {
    const env = service.environment ?? {};
    expect(env.HOST).toBe('0.0.0.0');
    expect((service.ports ?? []).map((mapping) => mapping.split(':').at(-1))).toContain(String(env.PORT));
  });

  it('sets only variables the service reads', () => {
    for (const name of Object.keys(service.environment ?? {})) expect(CONFIG_VARIABLES).toContain(name);
  });
});

describe('.env.example', () => {
  it('documents every variable the configuration reads, and no other', () => {
    const text = readFileSync(path.join(PROJECT_ROOT, '.env.example'), 'utf8');
    const documented = [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
    expect([...documented].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('holds values the configuration accepts', () => {
    const text = readFileSync(path.join(PROJECT_ROOT, '.env.example'), 'utf8');
    const env = Object.fromEntries([...text.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    expect(() => loadConfig(env)).not.toThrow();
  });
});

/** Whether a Node major version satisfies an `engines` range made of `^x.y.z` and `>=x.y.z` parts. */
function majorSatisfies(range: string, major: number): boolean {
  return range.split('||').some((part) => {
    const match = /^\s*(\^|>=)(\d+)\.\d+\.\d+\s*$/.exec(part);
    if (!match) throw new Error(`engines part not understood: ${part}`);
    const floor = Number(match[2]);
    return match[1] === '^' ? major === floor : major >= floor;
  });
}

describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
  const packageJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    engines: { node: string };
  };

  it('runs on the Node major that CI tests on, which engines accepts', () => {
    const from = /^FROM node:(\d+)[-.\w]*$/m.exec(dockerfile);
    const ciNode = /^NODE24_VERSION=(\d+)\.\d+\.\d+$/m.exec(
      readFileSync(path.join(PROJECT_ROOT, '.ci/run'), 'utf8'),
    );
    expect(from?.[1]).toBeDefined();
    expect(from?.[1]).toBe(ciNode?.[1]);
    expect(majorSatisfies(packageJson.engines.node, Number(from?.[1]))).toBe(true);
  });

  it('installs git, which the importer reads the governance histories with', () => {
    expect(dockerfile).toMatch(/apt-get install[^\n]*\bgit\b/);
  });

  it('copies only files that exist', () => {
    const sources = [...dockerfile.matchAll(/^COPY (.+) \S+$/gm)].flatMap((match) =>
      (match[1] as string).split(/\s+/),
    );
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources)
      expect([source, existsSync(path.join(PROJECT_ROOT, source))]).toEqual([source, true]);
  });
});
