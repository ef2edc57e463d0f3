using System.Runtime.ExceptionServices;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// Runs independent fits at the same time, at most one per core, each on a thread-pool thread. A FastTree fit with one
/// thread hands every step of every split to <c>Task.Run</c> and waits on it (ML.NET's <c>ThreadTaskManager</c>): from
/// a pool thread that step goes to the thread's own queue and the wait runs it in place, while from any other thread it
/// goes to the global queue and the fit waits for a worker to wake up, spinning meanwhile. On 1,500 rows that handoff
/// was 60 % of a fit's CPU time (a console benchmark of 100 trees, 8 leaves, 60 slots, alternating: 650 → 260 ms of CPU
/// per fit at load 10). The steps run in the same order either way, so the models are the same. Not more than the cores:
/// each fit holds its own binned copy of the rows, and a third fit on two cores adds that memory without finishing sooner.
/// </summary>
internal static class SideBySide
{
    /// <summary>
    /// Tables from this many rows are collected after each fit (see <see cref="Run"/>). Below it a collection costs more
    /// than it hands back: a small base's search makes thousands of fits of a few MB each.
    /// </summary>
    public const int CollectFromRows = 100_000;

    /// <summary>
    /// Tables from this many rows are fitted one at a time, whatever the cores. Each fit holds its own copies of the rows
    /// (FastTree's columns of doubles while it bins them, about 1 KB a row here, then the binned table), so two fits of a
    /// million rows side by side were what took a million-customer run past 2 GB; one at a time they cost wall time on an
    /// idle core pair and nothing on a busy one.
    /// </summary>
    public const int OneAtATimeFromRows = 500_000;

    /// <summary>
    /// Returns when every action has ended; the first failure in the order of <paramref name="work"/> is rethrown. From
    /// <see cref="CollectFromRows"/> <paramref name="rows"/> a blocking full collection follows each fit. FastTree turns
    /// the rows into columns of doubles before binning them and drops them once the bins are built, nearly all of it on
    /// the large-object heap, which is collected only with the oldest generation; on a machine with free memory the
    /// collector lets those copies pile up over several fits (at 300,000 customers the managed heap reached 2.1 GB around
    /// a live set of 0.6 GB), and the process's peak was that pile, not what the run needs. From
    /// <see cref="OneAtATimeFromRows"/> rows the fits run one after another.
    /// </summary>
    public static void Run(IReadOnlyList<Action> work, int rows = 0)
    {
        var alone = rows >= OneAtATimeFromRows;
        // Fits one at a time would leave every core but one idle: each takes them all instead. Side by side, one each.
        FastTreeThreads.Use(alone ? Cores : 1);
        using var cores = new SemaphoreSlim(alone ? 1 : Cores);
        async Task OnACore(Action action)
        {
            // The semaphore's waiters resume on the pool, so the fit runs on a pool thread either way.
            await cores.WaitAsync().ConfigureAwait(false);
            try
            {
                action();
                // Before the core goes to the next fit, which would otherwise allocate its copy beside this one's garbage. After
                // a fit of a large table the collection also compacts the large-object heap and hands the freed memory back,
                // so the next fit's copies do not land beside the holes this one's left.
                if (rows >= OneAtATimeFromRows)
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                else if (rows >= CollectFromRows)
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
            }
            finally
            {
                cores.Release();
            }
        }
        var fits = work.Select(a => Task.Run(() => OnACore(a))).ToArray();
        try
        {
            Task.WaitAll(fits);
        }
        catch (AggregateException)
        {
            // Every fit has ended; the first failure in order is rethrown below with its own stack.
        }
        if (fits.Select(f => f.Exception?.InnerExceptions[0]).FirstOrDefault(e => e is not null) is { } failure)
            ExceptionDispatchInfo.Throw(failure);
    }

    /// <summary>
    /// Runs <paramref name="fit"/>, a fit alone, on a thread-pool thread and returns its result (see <see cref="SideBySide"/>
    /// for why); from <see cref="CollectFromRows"/> <paramref name="rows"/> it takes every core (<see cref="FastTreeThreads"/>).
    /// </summary>
    public static T OnThePool<T>(Func<T> fit, int rows = 0)
    {
        FastTreeThreads.Use(rows >= CollectFromRows ? Cores : 1);
        return Task.Run(fit).GetAwaiter().GetResult();
    }

    static int Cores => Math.Max(1, Environment.ProcessorCount);
}
