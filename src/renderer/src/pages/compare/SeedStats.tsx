import type { ExperimentComparison } from '../../../../shared/api/types';
import { pct } from '../../ui/format';

/** Seed groups (same graph and settings, different seeds): mean ± sd, 95 % CI, and Welch's test between groups. */
export function SeedStats({ groups, tests }: Pick<ExperimentComparison, 'groups' | 'tests'>) {
  if (groups.length === 0) return null;
  return (
    <section data-testid="seed-stats">
      <h3>Run-to-run noise (seeds)</h3>
      <table className="app-table app-table-compact">
        <thead>
          <tr>
            <th>Group</th>
            <th className="app-num">Seeds</th>
            <th className="app-num">Test accuracy mean ± sd</th>
            <th className="app-num">95 % CI (t)</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.ids.join()}>
              <td>{g.label}</td>
              <td className="app-num">{g.seeds.join(', ')}</td>
              <td className="app-num">
                {pct(g.testAccuracy.mean)} ± {pct(g.testAccuracy.sd)}
              </td>
              <td className="app-num">
                {pct(g.testAccuracy.ci95[0])} – {pct(g.testAccuracy.ci95[1])}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {tests.map((t) => (
        <p key={`${t.a}|${t.b}`} data-testid="welch-verdict">
          <strong>
            {t.a} vs {t.b}:
          </strong>{' '}
          {t.result.verdict}{' '}
          <span className="app-muted">
            (Welch t = {Number.isFinite(t.result.t) ? t.result.t.toFixed(2) : '∞'}, df ={' '}
            {t.result.df.toFixed(1)})
          </span>
        </p>
      ))}
    </section>
  );
}
