import { describe, expect, it } from 'vitest';
import { judgeSize } from '@polystage/docker';
import { describeInstruction, largestLayers, overBudgetMessage } from './size-budget.ts';

describe('judgeSize', () => {
  it('counts decimal megabytes, as docker images prints them, and allows exactly the budget', () => {
    expect(judgeSize(120_000_000, 120).within).toBe(true);
    expect(judgeSize(120_000_001, 120).within).toBe(false);
  });
});

describe('overBudgetMessage', () => {
  const layers = [
    { bytes: 0, createdBy: '/bin/sh -c #(nop)  USER 65532' },
    { bytes: 734_700_000, createdBy: '/bin/sh -c #(nop) COPY dir:0123abcd in /opt/jre ' },
    { bytes: 40_100_000, createdBy: 'COPY /app/lib /app/lib # buildkit' },
    { bytes: 1_200_000, createdBy: 'COPY /etc/passwd /etc/passwd # buildkit' },
    { bytes: 25_000_000, createdBy: 'RUN /bin/sh -c apt-get install -y something' },
  ];
  const message = overBudgetMessage({
    image: 'reports:prod',
    target: 'reports:docker-prod',
    imageId: 'sha256:4f5e6d7c8b9a0123456789',
    verdict: judgeSize(907_900_000, 160),
    layers,
  });

  it('names the size, the budget, the overshoot, that the old tag is kept, and the fix on its first line', () => {
    expect(message.split('\n')[0]).toBe(
      'reports:prod would be 907.9 MB, over the 160 MB budget of reports:docker-prod by 747.9 MB; the image (4f5e6d7c8b9a) was not tagged ' +
        'and the previous reports:prod is kept. Shrink the image, or raise sizeBudgetMb of reports:docker-prod (or pass --sizeBudgetMb=N).',
    );
  });

  it('lists the three largest layers, biggest first, with their instructions', () => {
    expect(message.split('\n').slice(1)).toEqual([
      'Largest layers:',
      '   734.7 MB  COPY dir:0123abcd in /opt/jre',
      '    40.1 MB  COPY /app/lib /app/lib # buildkit',
      '    25.0 MB  RUN /bin/sh -c apt-get install -y something',
    ]);
  });

  it('leaves empty layers out and cuts long instructions', () => {
    expect(largestLayers([{ bytes: 0, createdBy: 'ENV A=1' }])).toEqual([]);
    expect(describeInstruction(`RUN ${'x'.repeat(300)}`)).toHaveLength(110);
  });
});
