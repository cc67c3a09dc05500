import { useEffect, useState } from 'preact/hooks';
import { api, type ApiProblem, type BoardRow } from '../shared/api';
import { ProblemSummary } from '../shared/problem';
import { clockTime } from '../shared/time';
import { stageWords } from './words';

/**
 * "My visits today": each of the person's visits (GET /me/visits) with its time, school and stage
 * in plain words; choosing one opens it. The school's name and zone come from the visit itself
 * (GET /visits/{id}, read once per visit), the rest from the list.
 */

interface School {
  readonly name: string;
  readonly timeZone: string;
}

const schools = new Map<string, School>();

function useSchools(rows: readonly BoardRow[] | undefined): ReadonlyMap<string, School> {
  const [, setLoaded] = useState(0);
  const missing = (rows ?? []).filter((row) => !schools.has(row.visitId)).map((row) => row.visitId).join(',');
  useEffect(() => {
    if (!missing) return;
    let live = true;
    void (async () => {
      const client = await api();
      for (const id of missing.split(',')) {
        const { data } = await client.GET('/visits/{id}', { params: { path: { id } } }).catch(() => ({ data: undefined }));
        if (data?.policy) schools.set(id, { name: data.policy.schoolName, timeZone: data.policy.timeZone });
      }
      if (live) setLoaded((count) => count + 1);
    })();
    return () => {
      live = false;
    };
  }, [missing]);
  return schools;
}

export function VisitList(props: { rows: readonly BoardRow[] | undefined; problem: ApiProblem | undefined; loading: boolean }) {
  const names = useSchools(props.rows);
  const { rows } = props;
  return (
    <>
      {props.problem && <ProblemSummary problem={props.problem} title={rows ? 'Not up to date' : 'Your visits cannot be shown'} />}
      {!rows && props.loading && <p class="govuk-body">Loading your visits…</p>}
      {rows && rows.length === 0 && <p class="govuk-body-l">You have no visits today.</p>}
      {rows && rows.length > 0 && (
        <>
          <p class="govuk-body">Today and under way. Choose a visit to open it.</p>
          <ul class="govuk-list hv-visits">
            {rows.map((row) => {
              const school = names.get(row.visitId);
              const start = row.appointment?.start;
              return (
                <li key={row.visitId}>
                  <a class="hv-visit" href={`#visit/${encodeURIComponent(row.visitId)}`}>
                    <span class="hv-visit__time">{start ? `${clockTime(start, school?.timeZone)} to ${clockTime(row.appointment?.end, school?.timeZone)}` : 'Time not set'}</span>
                    <span class="hv-visit__school">{school?.name ?? row.schoolId}</span>
                    <span class="hv-visit__stage">
                      <strong class="govuk-tag hv-stage__tag">{stageWords(row.stage)}</strong>
                    </span>
                  </a>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </>
  );
}
