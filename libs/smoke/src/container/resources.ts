// What a container's run cost and how it ended, read from the engine: for load runs that must
// show a service stayed inside its memory cap and was never killed or restarted.
import { dockerode } from '../engine.ts';

export interface ContainerResources {
  running: boolean;
  oomKilled: boolean;
  restartCount: number;
  /** Highest memory use the kernel recorded (cgroup v1 max_usage, page cache included); the current use on cgroup v2, which keeps no peak here. */
  memoryPeakMb: number;
  /** Anonymous memory in use now (the process's own, not reclaimable cache). */
  rssMb: number;
  /** `docker run --memory`; undefined when uncapped. */
  memoryLimitMb: number | undefined;
  /** Whether memoryPeakMb is a true peak or a sample taken now. */
  peakKind: 'peak' | 'current';
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

export async function containerResources(id: string): Promise<ContainerResources> {
  const container = (await dockerode()).getContainer(id);
  const [facts, stats] = await Promise.all([container.inspect(), container.stats({ stream: false })]);
  const memory = stats.memory_stats as { usage?: number; max_usage?: number; stats?: Record<string, number> };
  const limit = facts.HostConfig.Memory;
  return {
    running: facts.State.Running,
    oomKilled: facts.State.OOMKilled,
    restartCount: facts.RestartCount,
    memoryPeakMb: mb(memory.max_usage ?? memory.usage ?? 0),
    rssMb: mb(memory.stats?.['total_rss'] ?? memory.stats?.['rss'] ?? memory.stats?.['anon'] ?? 0),
    memoryLimitMb: limit ? mb(limit) : undefined,
    peakKind: memory.max_usage === undefined ? 'current' : 'peak',
  };
}
