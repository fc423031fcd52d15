import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotConnector } from '../../../connectors/hubspot/index.js';
import { SourceBadResponse } from '../../../src/model/index.js';
import { fixture, HUBSPOT, specs, TOKEN } from './support.js';

// fixtures/feedback-submissions-search.200.json is constructed (HubSpot publishes no example body for this object):
// the spec's CollectionResponseWithTotalSimplePublicObject with the feedback submission's default properties
// (hs_contact_id, hs_survey_type, hs_value, hs_response_group, hs_submission_timestamp, … as the guide names them).

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const SEARCH = `${HUBSPOT}/crm/v3/objects/feedback_submissions/search`;
const connector = createHubSpotConnector({ baseUrl: HUBSPOT, accessToken: TOKEN, maxAttempts: 1 });

type SearchBody = { filterGroups: Array<{ filters: Array<{ propertyName: string; operator: string; value?: string; values?: string[] }> }>; after?: string };

describe('HubSpot connector: NPS answers (feedback submissions)', () => {
  it('asks one search for many contacts (hs_contact_id IN, NPS only) and files each answer under its contact, newest first', async () => {
    const sent: SearchBody[] = [];
    server.use(http.post(SEARCH, async ({ request }) => {
      sent.push((await request.json()) as SearchBody);
      return HttpResponse.json(fixture('feedback-submissions-search.200.json'));
    }));
    const answers = await connector.npsAnswersFor(['51', '3451', '77', 'not-an-id']);
    expect(sent).toHaveLength(1);
    expect(specs.contacts.problems('PublicObjectSearchRequest', sent[0])).toEqual([]);
    expect(specs.contacts.problems('CollectionResponseWithTotalSimplePublicObject', fixture('feedback-submissions-search.200.json'))).toEqual([]);
    expect(sent[0]?.filterGroups).toEqual([{ filters: [
      { propertyName: 'hs_contact_id', operator: 'IN', values: ['51', '3451', '77'] },
      { propertyName: 'hs_survey_type', operator: 'EQ', value: 'NPS' },
    ] }]);
    expect(answers.get('51')?.map((a) => [a.score, a.givenAt])).toEqual([[9, '2025-10-14T08:21:37.120Z'], [7, '2024-11-20T10:44:02.551Z']]);
    expect(answers.get('3451')?.[0]).toMatchObject({
      score: 4, contactRecordId: '3451', givenAt: '2025-06-02T16:05:11.004Z',
      provenance: { source: 'CRM', system: 'hubspot', recordId: '9100000388' },
    });
    expect(answers.get('77')).toEqual([]);
    expect(answers.get('not-an-id')).toEqual([]);
  });

  it('asks nothing for no contacts, and one search per 100 contacts', async () => {
    let calls = 0;
    server.use(http.post(SEARCH, () => (calls++, HttpResponse.json({ total: 0, results: [] }))));
    await connector.npsAnswersFor([]);
    expect(calls).toBe(0);
    await connector.npsAnswersFor(Array.from({ length: 250 }, (_, i) => String(i + 1)));
    expect(calls).toBe(3);
  });

  it('follows paging.next until every answer of the batch is read', async () => {
    const afters: Array<string | undefined> = [];
    const [first, ...rest] = fixture<{ results: unknown[] }>('feedback-submissions-search.200.json').results;
    server.use(http.post(SEARCH, async ({ request }) => {
      const { after } = (await request.json()) as SearchBody;
      afters.push(after);
      return after === '0'
        ? HttpResponse.json({ total: 3, results: [first], paging: { next: { after: '1', link: '?after=1' } } })
        : HttpResponse.json({ total: 3, results: rest });
    }));
    const answers = await connector.npsAnswersFor(['51', '3451']);
    expect(afters).toEqual(['0', '1']);
    expect(answers.get('51')).toHaveLength(2);
  });

  it('refuses a malformed answer as SOURCE_BAD_RESPONSE, never as no feedback', async () => {
    server.use(http.post(SEARCH, () => HttpResponse.json({ results: 'nope' })));
    const error = await connector.npsAnswersFor(['51']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceBadResponse);
    expect(error).toMatchObject({ code: 'SOURCE_BAD_RESPONSE', source: 'CRM' });
  });

  it('leaves out a submission whose score is not 0–10, keeping the rest', async () => {
    const body = fixture<{ results: Array<{ properties: Record<string, string> }> }>('feedback-submissions-search.200.json');
    body.results[0]!.properties.hs_value = '11';
    server.use(http.post(SEARCH, () => HttpResponse.json(body)));
    const answers = await connector.npsAnswersFor(['51', '3451']);
    expect(answers.get('51')?.map((a) => a.score)).toEqual([7]);
    expect(answers.get('3451')?.map((a) => a.score)).toEqual([4]);
  });
});
