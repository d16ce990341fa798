// Cohen's κ of a categorical answer with its counts and the confusion matrix behind it.
import type { KappaView } from "@/lib/contract/agreement";
import { ScrollRegion } from "@/components/layout/scroll-region";

const pretty = (c: string) => c.charAt(0) + c.slice(1).toLowerCase().replace(/_/g, " ");

export function KappaTable({ title, what, r, testId }: { title: string; what: string; r: KappaView; testId: string }) {
  return (
    <div className="kappa" data-testid={testId}>
      <p>
        <strong>{title}:</strong>{" "}
        {r.n === 0 ? (
          <span className="muted">no pairs {what}.</span>
        ) : (
          <>
            Cohen&apos;s κ <strong data-testid={`${testId}-value`}>{r.kappa === null ? "undefined" : r.kappa.toFixed(3)}</strong> over {r.n} pair{r.n === 1 ? "" : "s"} {what}; {r.agree} agree
            {r.kappa === null && <span className="muted"> (every answer was the same, so chance agreement is total)</span>}.
          </>
        )}
      </p>
      {r.n > 0 && (
        <ScrollRegion label={`${title}: answers of the first and second annotator`}>
          <table className="grid compact" aria-label={`${title}: first annotator (rows) against second (columns)`}>
            <thead>
              <tr>
                <th scope="col">First ↓ · second →</th>
                {r.categories.map((c) => (
                  <th key={c} scope="col">
                    {pretty(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.categories.map((c, i) => (
                <tr key={c}>
                  <th scope="row">{pretty(c)}</th>
                  {r.confusion[i]!.map((n, j) => (
                    <td key={j} className={i === j ? "num agree" : "num"}>
                      {n}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </div>
  );
}
