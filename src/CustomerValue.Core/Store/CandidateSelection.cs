namespace CustomerValue.Core.Store;

/// <summary>
/// The answer to a <see cref="CandidateQuery"/>: totals and rows read from one snapshot of one run, so they
/// agree even while a re-score replaces the run. It holds a database connection until disposed; enumerate
/// <see cref="Rows"/> once, then dispose.
/// </summary>
public sealed class CandidateSelection : IAsyncDisposable
{
    readonly IAsyncEnumerable<Candidate> rows;
    readonly Func<ValueTask> release;
    int enumerated;

    internal CandidateSelection(ScoringRun? run, CandidateTotals totals, IAsyncEnumerable<Candidate> rows, Func<ValueTask> release)
    {
        Run = run;
        Totals = totals;
        this.rows = rows;
        this.release = release;
    }

    /// <summary>The run the candidates come from; null when nothing has been scored yet.</summary>
    public ScoringRun? Run { get; }
    public CandidateTotals Totals { get; }

    /// <summary>The requested page, streamed from the database. Can be enumerated once.</summary>
    public IAsyncEnumerable<Candidate> Rows =>
        Interlocked.Exchange(ref enumerated, 1) == 0
            ? rows
            : throw new InvalidOperationException("The candidate rows can be enumerated only once.");

    public ValueTask DisposeAsync() => release();
}
