import styles from '../_components/admin.module.css';
import type { Problem } from '../_lib/diagnose-definition';
import editor from './editor.module.css';

/** Every issue with its path; activating one selects it in the editor. */
export function ProblemsPanel({
  problems,
  onReveal,
}: {
  problems: Problem[];
  onReveal(from: number, to: number): void;
}) {
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const warnings = problems.length - errors;
  return (
    <section className={styles.card} aria-labelledby="problems-title" data-testid="problems">
      <h2 id="problems-title" className={editor.sideTitle}>
        Problems{' '}
        <span className={errors ? editor.countError : editor.countOk}>
          {errors === 0 && warnings === 0 ? 'none' : `${errors} error${errors === 1 ? '' : 's'}`}
          {warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}
        </span>
      </h2>
      {problems.length === 0 ? (
        <p className={styles.hint}>The definition is valid.</p>
      ) : (
        <ul className={editor.problems}>
          {problems.map((problem) => (
            <li
              key={`${problem.path}:${problem.message}`}
              data-severity={problem.severity}
              data-path={problem.path}
            >
              <button
                type="button"
                className={editor.problemButton}
                onClick={() => onReveal(problem.from, problem.to)}
              >
                <span
                  className={problem.severity === 'error' ? editor.iconError : editor.iconWarning}
                  aria-hidden="true"
                >
                  {problem.severity === 'error' ? '✗' : '!'}
                </span>
                <span>
                  <code className={editor.problemPath}>{problem.path}</code> {problem.message}
                  {problem.source === 'server' ? <span className={styles.muted}> (server)</span> : null}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
