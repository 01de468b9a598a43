import { describe, expect, it } from 'vitest';
import { ConfigError, LOCAL_DEFAULT_PASSWORD, loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  it('gives working defaults for a fresh machine with nothing configured', () => {
    const config = loadConfig({});
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 4000, logLevel: 'info' });
    expect(config.neo4j.provider).toBe('auto');
    expect(config.neo4j.uri).toBeUndefined();
    expect(config.neo4j.password).toBe(LOCAL_DEFAULT_PASSWORD);
    expect(config.neo4j.local.boltPort).toBe(7687);
    expect(config.neo4j.local.version).toMatch(/^5\.26\.\d+$/);
    expect(config.cacheDir).toMatch(/\.cache$/);
  });

  it('accepts routing URIs for clusters and Aura', () => {
    const config = loadConfig({
      NEO4J_URI: 'neo4j+s://abcd1234.databases.neo4j.io',
      NEO4J_USER: 'reader',
      NEO4J_PASSWORD: 'a-long-secret',
      NEO4J_DATABASE: 'knowledge',
    });
    expect(config.neo4j).toMatchObject({
      uri: 'neo4j+s://abcd1234.databases.neo4j.io',
      user: 'reader',
      password: 'a-long-secret',
      database: 'knowledge',
    });
  });

  it('coerces numbers and treats empty strings as unset', () => {
    const config = loadConfig({ PORT: '8080', NEO4J_LOCAL_BOLT_PORT: '', LOG_LEVEL: '' });
    expect(config.server.port).toBe(8080);
    expect(config.neo4j.local.boltPort).toBe(7687);
    expect(config.server.logLevel).toBe('info');
  });

  it('reports every problem at once, naming each variable', () => {
    let caught: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        NEO4J_URI: 'http://localhost:7474',
        NEO4J_LOCAL_HEAP: 'lots',
        LOG_LEVEL: 'loud',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^PORT:/m);
    expect(problems).toMatch(/^NEO4J_URI: must be a bolt:\/\/ or neo4j:\/\/ URI/m);
    expect(problems).toMatch(/^NEO4J_LOCAL_HEAP: must look like 512m or 2g/m);
    expect(problems).toMatch(/^LOG_LEVEL:/m);
  });

  it('requires a password with an external Neo4j and a URI with NEO4J_PROVIDER=external', () => {
    expect(() => loadConfig({ NEO4J_URI: 'bolt://db.example:7687' })).toThrow(/NEO4J_PASSWORD: is required/);
    expect(() => loadConfig({ NEO4J_PROVIDER: 'external' })).toThrow(/NEO4J_URI: is required/);
  });

  it('refuses passwords Neo4j 5 would refuse and Neo4j versions the launcher does not support', () => {
    expect(() => loadConfig({ NEO4J_PASSWORD: 'short' })).toThrow(/NEO4J_PASSWORD: must have at least 8/);
    expect(() => loadConfig({ NEO4J_LOCAL_VERSION: '4.4.1' })).toThrow(/NEO4J_LOCAL_VERSION/);
  });
});
