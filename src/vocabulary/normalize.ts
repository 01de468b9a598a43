import type { BodyKind, IsoDate } from './kinds.ts';

export interface DateRange {
  since: IsoDate;
  until: IsoDate | null;
}

function isoFromParts(year: number, month: number, day: number): IsoDate | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2/30 over into March; a round trip that changes the day means the date does not exist.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * `2/1/2021` → `2021-02-01`. Returns null, rather than throwing, for text that is not M/D/YYYY or for a
 * date that does not exist (2/30/2021), so that parsers can reject the row with its line number.
 */
export function parseUsDate(text: string): IsoDate | null {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!match) return null;
  return isoFromParts(Number(match[3]), Number(match[1]), Number(match[2]));
}

/** `2025-07-01` → itself when it is a real date; anything else → null. */
export function parseIsoDate(text: string): IsoDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return null;
  return isoFromParts(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** `2024/04/16` (tag-app-delivery README terms) → `2024-04-16`; anything else → null. */
export function parseYearFirstSlashDate(text: string): IsoDate | null {
  const match = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(text.trim());
  if (!match) return null;
  return isoFromParts(Number(match[1]), Number(match[2]), Number(match[3]));
}

const RANGE = /^(\S+)\s*[-–—]\s*(\S*)$/;

/**
 * `2/4/2020 - 11/2/2020, 3/18/2022 - 2/4/2026` or `3/11/2019-2/4/2022` → ranges in the order written.
 * A missing or "present" end gives `until: null`. Throws an Error naming the bad piece: callers turn it
 * into a rejection for that line.
 */
export function parseDateRanges(text: string): DateRange[] {
  const pieces = text
    .split(',')
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '');
  if (pieces.length === 0) throw new Error(`no date range in '${text}'`);
  return pieces.map((piece) => {
    const match = RANGE.exec(piece);
    if (!match) throw new Error(`'${piece}' is not a range like 2/4/2020 - 11/2/2020`);
    const sinceText = match[1] ?? '';
    const untilText = match[2] ?? '';
    const since = parseUsDate(sinceText);
    if (since === null) throw new Error(`'${sinceText}' in '${piece}' is not a valid M/D/YYYY date`);
    if (untilText === '' || /^present$/i.test(untilText)) return { since, until: null };
    const until = parseUsDate(untilText);
    if (until === null) throw new Error(`'${untilText}' in '${piece}' is not a valid M/D/YYYY date`);
    if (until < since) throw new Error(`range '${piece}' ends before it starts`);
    return { since, until };
  });
}

// GitHub logins: ASCII letters, digits and hyphens, at most 39 characters. Old accounts may contain double
// or trailing hyphens, so only the first character is constrained further.
const GITHUB_LOGIN = /^[a-z0-9][a-z0-9-]{0,38}$/;
// Also accepts the scheme typo "https:github.com/alolita" found in toc/tags/emeritus_leaders.md.
const GITHUB_URL_PREFIX = /^(?:https?:)?\/*(?:www\.)?github\.com\/+/i;

/**
 * `@Wu-Wenxiang`, `https://github.com/ams0/`, ` bruth ` → `wu-wenxiang`, `ams0`, `bruth`. Returns null for
 * empty input and for anything that is not a GitHub login (a person's name, a non-GitHub URL).
 */
export function normalizeHandle(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  let text = raw.trim();
  if (GITHUB_URL_PREFIX.test(text)) {
    text = text.replace(GITHUB_URL_PREFIX, '');
    text = text.split(/[/?#]/)[0] ?? '';
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(text) || text.includes('/')) {
    return null;
  }
  text = text.replace(/^@/, '').toLowerCase();
  return GITHUB_LOGIN.test(text) ? text : null;
}

// Something@something.tld, also when mangled ("kubernetes@.com" in people.json). A leading "@" alone, as in
// the company "@pengutronix", is a social-media style name, not an address.
const EMAIL_LIKE = /[^\s@<>()[\],;:"']+@[^\s@<>()[\],;:"']*\.[a-z]{2,}/i;

/** True when the text contains something shaped like an e-mail address, which must never be loaded. */
export function looksLikeEmail(text: string): boolean {
  return EMAIL_LIKE.test(text);
}

/** Replaces e-mail-shaped parts, for messages that quote source values. */
export function redactEmails(text: string): string {
  return text.replace(new RegExp(EMAIL_LIKE.source, 'gi'), '<e-mail address removed>');
}

/** Accents stripped, lower-cased, everything but letters and digits removed; keeps non-Latin scripts. */
function compact(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Values that say "no employer" rather than naming one, compared in compact form. */
const NOT_AN_ORGANIZATION = new Set([
  '',
  'independent',
  'independentcontributor',
  'individual',
  'individualdeveloper',
  'individualnoaccount',
  'self',
  'selfemployed',
  'unaffiliated',
  'none',
  'na',
  'nocompany',
  'freelance',
  'freelancer',
  'personal',
  'unknown',
]);

// Stripped only when they end the name after a space or comma, so "Fast.co" and "Merck KGaA" stay whole.
// Deliberately short: SA, AB, AS, SpA, OÜ, K.K. are left alone because stripping them can make two
// different companies collide ("Aruba SpA" is not HPE Aruba).
const LEGAL_SUFFIX =
  /[\s,]+(?:inc\.?|incorporated|llc|ltd\.?|limited|gmbh|ag|corp\.?|corporation|co\.?|plc|b\.v\.)$/i;

/**
 * Known same-company spellings that case, spacing, punctuation and legal suffixes do not unify, keyed by
 * compact form. Each pair was seen in these sources and names one company under two names (abbreviation,
 * Chinese name, rename, or a descriptor word). Parents and their divisions are not merged: Amazon and
 * Amazon Web Services, Google and Google Cloud, Alibaba and Alibaba Cloud, Tencent and Tencent Cloud,
 * VMware and Broadcom stay apart because the sources use them for different employers.
 */
const ALIASES: Record<string, string> = {
  aws: 'amazonwebservices',
  aliyun: 'alibabacloud',
  alibabagroup: 'alibaba',
  antfinancial: 'antgroup',
  jd: 'jdcom',
  ciscosystems: 'cisco',
  rancherlabs: 'rancher',
  grafana: 'grafanalabs',
  kuaishoutechnology: 'kuaishou',
  sangfortechnologies: 'sangfor',
  guidewiresoftware: 'guidewire',
  geicoinsurance: 'geico',
  cruiseautomation: 'cruise',
  lambdaai: 'lambda',
  ederadev: 'edera',
  nyu: 'newyorkuniversity',
  controlplaneio: 'controlplane',
};

/**
 * Names whose cleaned form would collide with a different company, keyed by the compact form of the full
 * name: "Control Plane Corporation" (controlplane.com) is not ControlPlane (control-plane.io), and both
 * are CNCF members.
 */
const KEEP_WHOLE = new Set(['controlplanecorporation']);

/**
 * Display names for keys written several ways. The CNCF landscape member spelling wins where there is
 * one, as it is curated; a renamed company gets its current name (Ant Financial → Ant Group).
 */
const DISPLAY_NAMES: Record<string, string> = {
  '3shake': '3-Shake',
  alibaba: 'Alibaba',
  alibabacloud: 'Alibaba Cloud',
  amazonwebservices: 'Amazon Web Services',
  antgroup: 'Ant Group',
  arm: 'Arm',
  armo: 'Armo',
  authzed: 'Authzed',
  blackrock: 'BlackRock',
  bocloud: 'BoCloud',
  bytedance: 'ByteDance',
  capitalone: 'Capital One',
  castai: 'Cast.ai',
  cern: 'CERN',
  cisco: 'Cisco',
  clickhouse: 'ClickHouse',
  codefresh: 'Codefresh',
  controlplane: 'ControlPlane',
  cruise: 'Cruise',
  daocloud: 'DaoCloud',
  datadog: 'Datadog',
  digitalocean: 'DigitalOcean',
  edera: 'Edera',
  geico: 'GEICO',
  gitlab: 'GitLab',
  grafanalabs: 'Grafana Labs',
  guidewire: 'Guidewire',
  ibmresearch: 'IBM Research',
  ionoscloud: 'IONOS Cloud',
  jdcom: 'JD.com',
  jetstack: 'Jetstack',
  kuaishou: 'Kuaishou',
  lambda: 'Lambda',
  lightstep: 'Lightstep',
  linbit: 'Linbit',
  netease: 'NetEase',
  newyorkuniversity: 'New York University',
  nvidia: 'NVIDIA',
  ovhcloud: 'OVHcloud',
  rancher: 'Rancher',
  redhat: 'Red Hat',
  sangfor: 'Sangfor',
  truefoundry: 'TrueFoundry',
  vmware: 'VMware',
};

/** Removes decorations that never distinguish two companies; the result is still for display. */
function cleanOrganizationName(raw: string): string {
  let name = raw.trim().replace(/\s+/g, ' ').replace(/^@/, '');
  // "Nordcloud, an IBM company", "Enlighten, an HII Company": the clause names a parent, not the employer.
  name = name.replace(/,\s*an?\s+[^,]+\s+company$/i, '');
  // "SHANGHAI DAOCLOUD NETWORK TECHNOLOGY CO. LTD. (DAOCLOUD)": a trailing short name that the long name
  // already contains is the usual name. "Ascensio System SIA (ONLYOFFICE)" is left alone: a product name.
  const shortName = /^(.+?)\s*\(([^()]+)\)$/.exec(name);
  if (shortName?.[1] && shortName[2] && compact(shortName[1]).includes(compact(shortName[2]))) {
    name = shortName[2].trim();
  }
  for (;;) {
    const stripped = name.replace(LEGAL_SUFFIX, '').replace(/[\s,]+$/, '');
    if (stripped === name || stripped === '') break;
    name = stripped;
  }
  return name;
}

/**
 * A key under which spellings of one organization meet, or null when the value names no organization
 * ("Independent", "Individual - No Account", "Self", "-", "_", empty).
 * Merge rules, in order: trim and drop a leading "@" ("@pengutronix"); drop ", a(n) … company"; prefer a
 * trailing parenthesised short name contained in the long name; strip trailing legal suffixes (Inc, LLC,
 * Ltd, Limited, GmbH, AG, Corp, Corporation, Co, PLC, B.V.); fold case and accents, "&" → "and", drop
 * spaces and punctuation (Red Hat = RedHat, Cast.ai = CAST AI, 3-shake = 3-Shake); apply ALIASES.
 * Names in KEEP_WHOLE skip the cleaning, so that two different companies do not meet.
 */
export function organizationKey(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const whole = compact(raw);
  if (NOT_AN_ORGANIZATION.has(whole)) return null;
  if (KEEP_WHOLE.has(whole)) return whole;
  const key = compact(cleanOrganizationName(raw));
  if (NOT_AN_ORGANIZATION.has(key)) return null;
  return ALIASES[key] ?? key;
}

/** The name to show for an organization: a known canonical spelling, else the cleaned raw name. */
export function organizationDisplayName(raw: string | null | undefined): string | null {
  const key = organizationKey(raw);
  if (key === null || raw == null) return null;
  if (KEEP_WHOLE.has(key)) return raw.trim().replace(/\s+/g, ' ');
  return DISPLAY_NAMES[key] ?? cleanOrganizationName(raw);
}

/**
 * A key for matching a person's name across sources: accents, case, punctuation and spacing folded, and
 * parenthesised parts dropped ("Lei Zhang (Harry)" → "lei zhang", "David (Mengqi) Yu" → "david yu").
 * Names are not unique: two different maintainers are called Lei Zhang, so a name match is only a hint.
 */
export function personNameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[’`]/g, "'")
    .replace(/[.,"]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A key for matching TAG/TCG/subproject names across files: "TAG App-Delivery" = "TAG App Delivery",
 * "TAG-Security" = "TAG Security", "TOC Project Reviews Subproject" = "Project Reviews SubProject",
 * "Contributor Strategy and Advocacy  SubProject" (two spaces) = the single-spaced one.
 */
export function bodyKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[-_]/g, ' ')
    .replace(/\bsub\s+project\b/g, 'subproject')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^cncf /, '')
    .replace(/^toc (?=.*\bsubproject$)/, '');
}

/** The kind of body a name denotes by its conventional prefix or suffix; null when it shows none. */
export function bodyKindOf(name: string): BodyKind | null {
  const key = bodyKey(name);
  if (/^tag\b/.test(key)) return 'TAG';
  if (/^tcg\b/.test(key)) return 'TCG';
  if (/\bsubproject$/.test(key)) return 'Subproject';
  if (/\b(?:wg|working group)$/.test(key)) return 'WG';
  return null;
}
