import { useEffect, useState } from 'react';
import type { CoreEvent } from '../../../shared/events';
import { api } from '../api';

type Progress = Extract<CoreEvent, { type: 'progress' }>;

/** The latest progress the core reported for a job whose name contains `jobPart` (e.g. "import"). */
export function useJobProgress(jobPart: string, active: boolean): Progress | null {
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(() => {
    if (!active) return;
    const off = api.on((event) => {
      if (event.type === 'progress' && event.job.includes(jobPart)) setProgress(event);
    });
    return () => {
      off();
      setProgress(null);
    };
  }, [jobPart, active]);
  return progress;
}
