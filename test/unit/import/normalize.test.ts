import { describe, expect, it } from 'vitest';
import {
  bodyKey,
  bodyKindOf,
  looksLikeEmail,
  normalizeHandle,
  organizationDisplayName,
  organizationKey,
  parseDateRanges,
  parseIsoDate,
  parseUsDate,
  parseYearFirstSlashDate,
  personNameKey,
  redactEmails,
} from '../../../src/vocabulary/normalize.ts';

describe('parseUsDate', () => {
  it('turns M/D/YYYY into an ISO date with zero padding', () => {
    expect(parseUsDate('2/1/2021')).toBe('2021-02-01');
    expect(parseUsDate('11/2/2020')).toBe('2020-11-02');
    expect(parseUsDate(' 3/18/2022 ')).toBe('2022-03-18');
  });

  it('returns null for dates that do not exist', () => {
    expect(parseUsDate('2/30/2021')).toBeNull();
    expect(parseUsDate('2/29/2021')).toBeNull();
    expect(parseUsDate('13/1/2021')).toBeNull();
    expect(parseUsDate('0/10/2021')).toBeNull();
  });

  it('accepts 29 February in a leap year', () => {
    expect(parseUsDate('2/29/2024')).toBe('2024-02-29');
  });

  it('returns null for other date notations', () => {
    expect(parseUsDate('2021-02-01')).toBeNull();
    expect(parseUsDate('2/1/21')).toBeNull();
    expect(parseUsDate('')).toBeNull();
  });
});

describe('parseIsoDate and parseYearFirstSlashDate', () => {
  it('accept real dates and reject impossible ones', () => {
    expect(parseIsoDate('2025-07-01')).toBe('2025-07-01');
    expect(parseIsoDate('2025-02-30')).toBeNull();
    expect(parseYearFirstSlashDate('2024/04/16')).toBe('2024-04-16');
    expect(parseYearFirstSlashDate('2024/4/31')).toBeNull();
  });
});

describe('parseDateRanges', () => {
  it('reads several ranges on one line', () => {
    expect(parseDateRanges('2/4/2020 - 11/2/2020, 3/18/2022 - 2/4/2026')).toEqual([
      { since: '2020-02-04', until: '2020-11-02' },
      { since: '2022-03-18', until: '2026-02-04' },
    ]);
  });

  it('reads a range written without spaces around the dash', () => {
    expect(parseDateRanges('3/11/2019-2/4/2022')).toEqual([{ since: '2019-03-11', until: '2022-02-04' }]);
  });

  it('gives an open end for a missing or "present" end date', () => {
    expect(parseDateRanges('2/4/2020 - ')).toEqual([{ since: '2020-02-04', until: null }]);
    expect(parseDateRanges('2/4/2020 - present')).toEqual([{ since: '2020-02-04', until: null }]);
  });

  it('names the bad piece when a date is impossible', () => {
    expect(() => parseDateRanges('2/30/2021 - 3/1/2021')).toThrow("'2/30/2021'");
  });

  it('refuses a range that ends before it starts', () => {
    expect(() => parseDateRanges('3/1/2022 - 2/1/2022')).toThrow('ends before it starts');
  });

  it('refuses text without a range', () => {
    expect(() => parseDateRanges('')).toThrow('no date range');
    expect(() => parseDateRanges('since 2020')).toThrow('is not a range');
  });
});

describe('normalizeHandle', () => {
  it('strips @, GitHub URL prefixes, trailing slashes and case', () => {
    expect(normalizeHandle('@wu-wenxiang')).toBe('wu-wenxiang');
    expect(normalizeHandle('https://github.com/ams0/')).toBe('ams0');
    expect(normalizeHandle(' neilalexander')).toBe('neilalexander');
    expect(normalizeHandle('qixuanl1  ')).toBe('qixuanl1');
    expect(normalizeHandle('BenTheElder')).toBe('bentheelder');
    expect(normalizeHandle('www.github.com/RichiH')).toBe('richih');
  });

  it('reads the "https:github.com/…" typo of emeritus_leaders.md', () => {
    expect(normalizeHandle('https:github.com/alolita')).toBe('alolita');
  });

  it('returns null for names, other sites and empty values', () => {
    expect(normalizeHandle('Jérémie MONSINJON')).toBeNull();
    expect(normalizeHandle('https://logz.io/author/dotan-horovits/')).toBeNull();
    expect(normalizeHandle('')).toBeNull();
    expect(normalizeHandle(null)).toBeNull();
    expect(normalizeHandle('a'.repeat(40))).toBeNull();
  });
});

describe('organizationKey', () => {
  it('merges case and spacing variants found in the sources', () => {
    expect(organizationKey('Datadog')).toBe(organizationKey('DataDog'));
    expect(organizationKey('Red Hat')).toBe(organizationKey('RedHat'));
    expect(organizationKey('VMware')).toBe(organizationKey('VMWare'));
    expect(organizationKey('Black Rock')).toBe(organizationKey('BlackRock'));
    expect(organizationKey('CAST AI')).toBe(organizationKey('Cast.ai'));
    expect(organizationKey('3-shake')).toBe(organizationKey('3-Shake'));
  });

  it('strips legal suffixes after a space or comma', () => {
    expect(organizationKey('Chainguard, Inc')).toBe('chainguard');
    expect(organizationKey('Amazon Web Services, Inc.')).toBe('amazonwebservices');
    expect(organizationKey('Kubermatic GmbH')).toBe('kubermatic');
    expect(organizationKey('codecentric AG')).toBe('codecentric');
    expect(organizationKey('Hitachi, Ltd.')).toBe('hitachi');
    expect(organizationKey('Hangzhou HarmonyCloud Technology Co., Ltd')).toBe(
      'hangzhouharmonycloudtechnology',
    );
  });

  it('leaves suffix-like endings that are part of a name', () => {
    expect(organizationKey('Fast.co')).toBe('fastco');
    expect(organizationKey('Merck KGaA')).toBe('merckkgaa');
    expect(organizationKey('Aruba SpA')).toBe('arubaspa');
  });

  it('applies the documented aliases and nothing broader', () => {
    expect(organizationKey('AWS')).toBe(organizationKey('Amazon Web Services'));
    expect(organizationKey('Aliyun')).toBe(organizationKey('Alibaba Cloud'));
    expect(organizationKey('JD')).toBe(organizationKey('JD.com'));
    expect(organizationKey('Ant Financial')).toBe(organizationKey('Ant Group'));
    expect(organizationKey('Control-Plane.io')).toBe(organizationKey('ControlPlane'));
    expect(organizationKey('Amazon')).not.toBe(organizationKey('Amazon Web Services'));
    expect(organizationKey('Google')).not.toBe(organizationKey('Google Cloud'));
    expect(organizationKey('Alibaba')).not.toBe(organizationKey('Alibaba Cloud'));
  });

  it('keeps two landscape members apart that cleaning would merge', () => {
    expect(organizationKey('Control Plane Corporation')).not.toBe(organizationKey('ControlPlane'));
  });

  it('uses a parenthesised short name that the long name contains', () => {
    expect(organizationKey('SHANGHAI DAOCLOUD NETWORK TECHNOLOGY CO. LTD. (DAOCLOUD)')).toBe('daocloud');
    expect(organizationKey('Ascensio System SIA (ONLYOFFICE)')).toBe('ascensiosystemsiaonlyoffice');
  });

  it('drops a leading @ and a ", an … company" clause', () => {
    expect(organizationKey('@pengutronix')).toBe('pengutronix');
    expect(organizationKey('Nordcloud, an IBM company')).toBe('nordcloud');
  });

  it('returns null for values that name no employer', () => {
    for (const value of [
      'Independent',
      'Individual',
      'Individual - No Account',
      'Self',
      'Unaffiliated',
      'None',
    ]) {
      expect(organizationKey(value)).toBeNull();
    }
    for (const value of ['', ' ', '-', '_', 'N/A']) expect(organizationKey(value)).toBeNull();
    expect(organizationKey(null)).toBeNull();
  });

  it('keeps non-Latin names', () => {
    expect(organizationKey('阿里巴巴')).toBe('阿里巴巴');
  });
});

describe('organizationDisplayName', () => {
  it('prefers the curated spelling for merged variants', () => {
    expect(organizationDisplayName('DataDog')).toBe('Datadog');
    expect(organizationDisplayName('RedHat')).toBe('Red Hat');
    expect(organizationDisplayName('AWS')).toBe('Amazon Web Services');
  });

  it('otherwise shows the cleaned name', () => {
    expect(organizationDisplayName('Carabiner Systems, Inc')).toBe('Carabiner Systems');
    expect(organizationDisplayName('  Synadia')).toBe('Synadia');
    expect(organizationDisplayName('Control Plane Corporation')).toBe('Control Plane Corporation');
    expect(organizationDisplayName('Independent')).toBeNull();
  });
});

describe('personNameKey', () => {
  it('folds case, accents, punctuation and spacing', () => {
    expect(personNameKey('Jérémie MONSINJON')).toBe('jeremie monsinjon');
    expect(personNameKey('  Carlos Tadeu Panato Jr. ')).toBe(personNameKey('carlos tadeu panato jr'));
    expect(personNameKey('Alexander D. Kanevskiy')).toBe('alexander d kanevskiy');
  });

  it('drops parenthesised parts, so both Lei Zhangs share a key', () => {
    expect(personNameKey('Lei Zhang (Harry)')).toBe('lei zhang');
    expect(personNameKey('David (Mengqi) Yu')).toBe('david yu');
  });

  it('keeps non-Latin names', () => {
    expect(personNameKey('子篆 林')).toBe('子篆 林');
  });
});

describe('bodyKey and bodyKindOf', () => {
  it('match the spellings of one body across files', () => {
    expect(bodyKey('TAG App-Delivery')).toBe(bodyKey('TAG App Delivery'));
    expect(bodyKey('TAG-App-Delivery')).toBe(bodyKey('TAG App Delivery'));
    expect(bodyKey('TOC Project Reviews Subproject')).toBe(bodyKey('Project Reviews SubProject'));
    expect(bodyKey('Contributor Strategy and Advocacy  SubProject')).toBe(
      bodyKey('Contributor Strategy and Advocacy SubProject'),
    );
  });

  it('tell TAGs, TCGs, subprojects and working groups apart', () => {
    expect(bodyKindOf('TAG Infrastructure')).toBe('TAG');
    expect(bodyKindOf('TCG Platform Engineering')).toBe('TCG');
    expect(bodyKindOf('TOC Project Reviews Subproject')).toBe('Subproject');
    expect(bodyKindOf('Platforms WG')).toBe('WG');
    expect(bodyKindOf('Kubernetes')).toBeNull();
  });
});

describe('looksLikeEmail and redactEmails', () => {
  it('spot addresses, also mangled ones, but not @names', () => {
    expect(looksLikeEmail('someone@example.com')).toBe(true);
    expect(looksLikeEmail('kubernetes@.com')).toBe(true);
    expect(looksLikeEmail('@pengutronix')).toBe(false);
    expect(looksLikeEmail('https://www.youtube.com/@CNCFTAGInfrastructure')).toBe(false);
  });

  it('remove addresses from messages', () => {
    expect(redactEmails("company 'someone@example.com' dropped")).toBe(
      "company '<e-mail address removed>' dropped",
    );
  });
});
