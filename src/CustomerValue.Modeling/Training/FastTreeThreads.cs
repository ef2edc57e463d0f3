using System.Reflection;
using Microsoft.ML.Trainers.FastTree;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// The number of threads each FastTree fit of this process works with. ML.NET takes it once per process, from the first
/// fit's <c>NumberOfThreads</c> (its internal <c>ThreadTaskManager</c> and <c>BlockingThreadPool</c>); every later
/// fit's option is only recorded in the saved model (the trainer's settings string, <c>t=1</c>). Training keeps that
/// option at 1 and sets the process's count here instead: to the cores while a large table is fitted alone, to 1 for
/// fits side by side. The threads split each step of a fit by feature (histograms, split search) or by row range
/// (gradients, scores, the documents of each leaf), each part summed in the order one thread sums it, so the trees are
/// the same whatever the count (<c>FastTreeThreadsTests</c>: the same model bytes with 1 and 2 threads).
/// </summary>
internal static class FastTreeThreads
{
    static readonly Assembly FastTree = typeof(FastTreeRegressionTrainer).Assembly;

    static readonly PropertyInfo? TaskManagerThreads = FastTree
        .GetType("Microsoft.ML.Trainers.FastTree.ThreadTaskManager")?
        .GetProperty("NumThreads", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static);

    static readonly MethodInfo? PoolInitialize = FastTree
        .GetType("Microsoft.ML.Trainers.FastTree.BlockingThreadPool")?
        .GetMethod("Initialize", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(int)]);

    /// <summary>Whether this ML.NET still keeps its count where <see cref="Use"/> sets it; if not, every fit keeps one thread.</summary>
    public static bool Available => TaskManagerThreads is { CanWrite: true } && PoolInitialize is not null;

    /// <summary>The count the process's fits use now (0 before the first fit when <see cref="Use"/> was never called).</summary>
    public static int Current => TaskManagerThreads?.GetValue(null) is int n ? n : 0;

    /// <summary>
    /// Sets the count for the fits that start from now on. A fit already running keeps its count for the split search and
    /// sees the new one in its other steps; its trees are the same either way.
    /// </summary>
    public static void Use(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (!Available || Current == threads)
            return;
        TaskManagerThreads!.SetValue(null, threads);
        PoolInitialize!.Invoke(null, [threads]);
    }
}
