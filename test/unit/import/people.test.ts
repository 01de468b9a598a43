import { describe, expect, it } from 'vitest';
import { parsePeopleJson, splitCompanyField } from '../../../src/import/parse/people.ts';
import { EMAIL } from './source-text.ts';

// Entries copied from cncf/people people.json (bios shortened) except "Invented …" people and every e-mail
// address, slack id and location, which are invented.
const PEOPLE_JSON = `[
   {
      "name":"Chris Aniszczyk",
      "bio":"<p>Invented bio.</p>",
      "company":"CTO",
      "location":"Invented City",
      "github":"",
      "slack_id": "invented-slack",
      "category":["Staff"],
      "priority":200
   },
   {
      "name":"Dave Zolotusky",
      "company":"Platform Engineer at Spotify",
      "github":"https://github.com/dzolotusky",
      "category":["Technical Oversight Committee"]
   },
   {
      "name":"Emily Fox",
      "company":"Red Hat",
      "github":"https://github.com/TheFoxAtWork",
      "category":["Technical Oversight Committee", "Governing Board"],
      "toc_role":"Chair"
   },
   {
      "name":"Invented Mailer",
      "company":"invented@example.com",
      "email":"invented.mailer@example.com",
      "github":"https://logz.io/author/invented/",
      "category":["Ambassadors"]
   },
   {
      "name":"Alessandro Vozza",
      "company":"Solo.io",
      "github":"https://github.com/ams0/",
      "category":["Ambassadors"]
   },
   {
      "company":"Invented Nameless"
   }
]`;

describe('parsePeopleJson', () => {
  const result = parsePeopleJson(PEOPLE_JSON);
  const person = (name: string) => result.rows.find((row) => row.name === name);

  it('gives each person the line their object starts on', () => {
    expect(result.rows.map((row) => [row.name, row.line])).toEqual([
      ['Chris Aniszczyk', 2],
      ['Dave Zolotusky', 12],
      ['Emily Fox', 18],
      ['Invented Mailer', 25],
      ['Alessandro Vozza', 32],
    ]);
  });

  it('reads only name, handle, company, title, categories and role fields', () => {
    expect(person('Emily Fox')).toEqual({
      name: 'Emily Fox',
      handle: 'thefoxatwork',
      company: 'Red Hat',
      title: null,
      categories: ['Technical Oversight Committee', 'Governing Board'],
      gbRole: null,
      tabRole: null,
      tocRole: 'Chair',
      line: 18,
    });
    const serialised = JSON.stringify(result);
    for (const personal of ['Invented bio', 'Invented City', 'invented-slack', '200']) {
      expect(serialised).not.toContain(personal);
    }
  });

  it('treats a staff member’s company field as a job title', () => {
    expect(person('Chris Aniszczyk')).toMatchObject({ company: null, title: 'CTO', handle: null });
  });

  it('splits "title at company"', () => {
    expect(person('Dave Zolotusky')).toMatchObject({ company: 'Spotify', title: 'Platform Engineer' });
  });

  it('never outputs e-mail addresses, from the email field or a company field', () => {
    expect(PEOPLE_JSON).toMatch(EMAIL);
    expect(JSON.stringify(result)).not.toMatch(EMAIL);
    expect(person('Invented Mailer')?.company).toBeNull();
  });

  it('keeps people whose github field is not a GitHub profile, without a handle', () => {
    expect(person('Invented Mailer')?.handle).toBeNull();
    expect(person('Alessandro Vozza')?.handle).toBe('ams0');
    expect(result.rejected).toContainEqual({
      line: 25,
      reason:
        "Invented Mailer: github 'https://logz.io/author/invented/' is not a GitHub profile; row kept without a handle",
    });
  });

  it('rejects an entry without a name', () => {
    expect(result.rejected).toContainEqual({ line: 38, reason: 'element 5 has no name' });
  });

  it('throws on text that is not a JSON array', () => {
    expect(() => parsePeopleJson('{"name": "x"}')).toThrow('not an array');
    expect(() => parsePeopleJson('[{"name": ')).toThrow('people.json: invalid JSON');
  });
});

describe('splitCompanyField', () => {
  it('separates "title, company" and pure titles, but leaves company names with title-like words', () => {
    expect(splitCompanyField('Project Manager, ii.nz', [])).toEqual({
      title: 'Project Manager',
      company: 'ii.nz',
    });
    expect(splitCompanyField('Marketing Contact Founder and CTO', ['Marketing Committee'])).toEqual({
      company: null,
      title: 'Marketing Contact Founder and CTO',
    });
    expect(splitCompanyField('R. H. Sapat College of Engineering', ['Ambassadors'])).toEqual({
      company: 'R. H. Sapat College of Engineering',
      title: null,
    });
    expect(splitCompanyField('Nordcloud, an IBM company', ['Ambassadors'])).toEqual({
      company: 'Nordcloud, an IBM company',
      title: null,
    });
  });
});
