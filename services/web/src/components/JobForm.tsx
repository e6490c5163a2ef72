// Submit a text-stats job. Client-side validation first; the API's own 422 message is
// shown as is when it still refuses (e.g. limits changed on the server).
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { Job, JobsApi } from '../api.ts';
import { MAX_TEXT_CHARS, validateJobText } from '../validation.ts';

export function JobForm({ api, onCreated }: { api: JobsApi; onCreated: (job: Job) => void }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const textId = useId();
  const problemId = useId();

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const invalid = validateJobText(text);
    setProblem(invalid);
    if (invalid) return;
    setSubmitting(true);
    try {
      const job = await api.createJob(text);
      setText('');
      onCreated(job);
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form className="panel job-form" onSubmit={submit} noValidate aria-label="New job">
      <h2>New text-stats job</h2>
      <label htmlFor={textId}>Text to analyse</label>
      <textarea
        id={textId}
        name="text"
        rows={4}
        value={text}
        maxLength={MAX_TEXT_CHARS + 1}
        onChange={(event) => {
          setText(event.target.value);
          if (problem) setProblem(null);
        }}
        aria-invalid={problem !== null}
        aria-describedby={problem ? problemId : undefined}
        placeholder="Paste some text: the worker counts its words, lines and characters."
      />
      {problem && (
        <p id={problemId} className="problem" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" disabled={submitting}>
        {submitting ? 'Submitting…' : 'Submit job'}
      </button>
    </form>
  );
}
