using System.Runtime.CompilerServices;

namespace CustomerValue.Core.Store;

public static class CustomerStoreExtensions
{
    /// <summary>Writes a run from a synchronous sequence, still streamed row by row.</summary>
    public static Task<ScoringRun> WriteRunAsync(
        this ICustomerStore store,
        ScoringRunStart start,
        IEnumerable<ScoredCustomer> customers,
        Func<long>? rowsRejected = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        return store.WriteRunAsync(start, Stream(customers), rowsRejected, cancellationToken);
    }

    /// <summary>The rows of a candidate query alone, releasing the connection when the enumeration ends.</summary>
    public static async IAsyncEnumerable<Candidate> GetCandidatesAsync(
        this ICustomerStore store,
        CandidateQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var selection = await store.SelectCandidatesAsync(query, cancellationToken);
        await foreach (var candidate in selection.Rows.WithCancellation(cancellationToken))
            yield return candidate;
    }

    static async IAsyncEnumerable<ScoredCustomer> Stream(IEnumerable<ScoredCustomer> customers)
    {
        foreach (var customer in customers)
            yield return customer;
        await Task.CompletedTask;
    }
}
