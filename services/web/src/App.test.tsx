// @vitest-environment happy-dom
import { cleanup, configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from './App.tsx';
import { fakeApi } from './test/fake-api.ts';
import type { FakeApi } from './test/fake-api.ts';

const POLL_MS = 50;
let fake: FakeApi;

// findBy*/waitFor wait on the DOM, not on the clock; their default 1 s limit is a short timeout
// for a React render plus a poll when the cores are shared with other builds. The bound only
// turns a hang into a failure (below the test timeout in vite.config.ts).
configure({ asyncUtilTimeout: 30_000 });

function renderApp(path = '/') {
  window.history.replaceState(null, '', path);
  return render(<App config={{ apiBaseUrl: '/api' }} pollMs={POLL_MS} fetchFn={fake.fetch} />);
}

const jobRows = () => within(screen.getByRole('table')).getAllByRole('row').slice(1);
const listReads = () => fake.calls.filter((call) => call.startsWith('GET /api/jobs?')).length;

beforeEach(() => {
  fake = fakeApi();
});
afterEach(cleanup);

describe('jobs dashboard', () => {
  it('lists jobs newest first with their status', async () => {
    fake.add('first job text');
    fake.add('second job text', { status: 'succeeded' });
    renderApp();

    await screen.findByRole('table');
    const rows = jobRows();
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringContaining('succeededsecond job text'),
      expect.stringContaining('pendingfirst job text'),
    ]);
  });

  it("lists the api's input_preview and opens the full input in the detail view", async () => {
    const text = `${'long '.repeat(40)}end`; // 203 characters: the api cuts it to 79 and a …
    const job = fake.add(text);
    renderApp();

    await screen.findByRole('table');
    const cell = jobRows()[0]!.querySelector('.text-preview')!;
    expect(cell.textContent).toBe(`${'long '.repeat(15)}long…`);
    expect(cell.textContent).toHaveLength(80);
    // The list read summaries only; the detail view reads the full job.
    expect(fake.calls.some((call) => call === `GET /api/jobs/${job.id}`)).toBe(false);
    await userEvent.setup().click(within(jobRows()[0]!).getByRole('link'));
    const detail = await screen.findByRole('region', { name: `Job ${job.id}` });
    expect((await within(detail).findByText(/end$/)).textContent).toBe(text);
  });

  it('polls: a job created elsewhere appears without a reload', async () => {
    renderApp();
    await screen.findByText('No jobs yet: submit one above.');

    fake.add('added by someone else');
    expect(await screen.findByText('added by someone else')).toBeTruthy();
    expect(listReads()).toBeGreaterThan(1);
  });

  it('refuses empty text on the client, without calling the API', async () => {
    const user = userEvent.setup();
    renderApp();
    await user.type(screen.getByLabelText('Text to analyse'), '   ');
    await user.click(screen.getByRole('button', { name: 'Submit job' }));

    expect(screen.getByRole('alert').textContent).toBe('Enter some text to analyse.');
    expect(screen.getByLabelText('Text to analyse').getAttribute('aria-invalid')).toBe('true');
    expect(fake.calls.some((call) => call.startsWith('POST'))).toBe(false);
  });

  it('submits a job, opens it and shows it in the list', async () => {
    const user = userEvent.setup();
    renderApp();
    await user.type(screen.getByLabelText('Text to analyse'), 'count these words');
    await user.click(screen.getByRole('button', { name: 'Submit job' }));

    // Creating is asynchronous (the fake's fetch, then navigate): wait for it, not for a tick.
    await waitFor(() => expect(fake.jobs).toHaveLength(1));
    const job = fake.jobs[0]!;
    await waitFor(() => expect(window.location.pathname).toBe(`/jobs/${job.id}`));
    const detail = await screen.findByRole('region', { name: `Job ${job.id}` });
    expect(await within(detail).findByText('Waiting for a worker; this view refreshes by itself.')).toBeTruthy();
    expect(await screen.findByRole('cell', { name: 'count these words' })).toBeTruthy();
    expect((screen.getByLabelText('Text to analyse') as HTMLTextAreaElement).value).toBe('');
  });

  it("shows a job's result once a worker has finished it", async () => {
    const job = fake.add('two words');
    renderApp(`/jobs/${job.id}`);
    const detail = await screen.findByRole('region', { name: `Job ${job.id}` });
    expect(within(detail).getByText('pending')).toBeTruthy();

    Object.assign(job, { status: 'succeeded', result: { words: 2, lines: 1, chars: 9 } });
    const result = await within(detail).findByRole('table', { name: 'Result' });
    expect(within(result).getAllByRole('row').map((row) => row.textContent)).toEqual(['words2', 'lines1', 'chars9']);

    // Finished: no more polling of this job. The list polls on the same interval, so three more
    // list reads measure out three of the job's ticks in events rather than in milliseconds.
    const reads = () => fake.calls.filter((call) => call === `GET /api/jobs/${job.id}`).length;
    const before = reads();
    const listBefore = listReads();
    await waitFor(() => expect(listReads()).toBeGreaterThanOrEqual(listBefore + 3));
    expect(reads()).toBe(before);
  });

  it("shows a failed job's error", async () => {
    const job = fake.add('bad input', { status: 'failed', error: 'worker crashed: out of memory' });
    renderApp(`/jobs/${job.id}`);
    const detail = await screen.findByRole('region', { name: `Job ${job.id}` });
    expect((await within(detail).findByRole('alert')).textContent).toBe('worker crashed: out of memory');
  });

  it('says when a job id does not exist', async () => {
    renderApp('/jobs/nope');
    const detail = await screen.findByRole('region', { name: 'Job nope' });
    expect((await within(detail).findByRole('alert')).textContent).toBe('No job with id nope.');
  });

  it('keeps the last list and says so when the API becomes unreachable', async () => {
    fake.add('still shown');
    renderApp();
    await screen.findByText('still shown');

    fake.offline = true;
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Could not refresh the jobs: Cannot reach the API at /api (Failed to fetch).');
    expect(screen.getByText('still shown')).toBeTruthy();
  });

  it('pages to older jobs and back', async () => {
    const user = userEvent.setup();
    for (let i = 1; i <= 25; i += 1) fake.add(`job number ${i}`);
    renderApp();
    await screen.findByText('job number 25');
    expect(jobRows()).toHaveLength(20);

    await user.click(screen.getByRole('button', { name: 'Older →' }));
    expect(await screen.findByText('job number 1')).toBeTruthy();
    expect(jobRows()).toHaveLength(5);
    expect(screen.getByRole('button', { name: 'Older →' })).toHaveProperty('disabled', true);

    await user.click(screen.getByRole('button', { name: '← Newer' }));
    expect(await screen.findByText('job number 25')).toBeTruthy();
  });
});
