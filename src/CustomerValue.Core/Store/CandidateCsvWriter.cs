using CsvHelper;

namespace CustomerValue.Core.Store;

/// <summary>
/// Writes reactivation candidates as CSV (RFC 4180, UTF-8, CRLF), one row at a time as they stream in, safe to open
/// in a spreadsheet.
/// </summary>
/// <remarks>
/// Text cells that start with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return get a leading
/// <c>'</c> (OWASP's advice against formula injection) and are quoted, so a customer id such as
/// <c>=HYPERLINK("…")</c> shows as text instead of running. Numeric columns are written as numbers and left
/// alone: a negative value stays <c>-12.5</c>, which a spreadsheet reads as a number, not a formula.
/// </remarks>
public static class CandidateCsvWriter
{
    public static IReadOnlyList<string> Header { get; } =
    [
        "rank", "customer_id", "stage", "segment", "days_since_last_order", "predicted_value", "churn_probability",
        "value_at_stake", "reason", "offer", "offer_max_spend", "expected_return", "value_drivers",
    ];

    const string Money = "0.##";
    const string Probability = "0.####";

    static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    /// <summary>Writes the header and the candidates as UTF-8; returns how many candidates were written.</summary>
    public static async Task<long> WriteAsync(Stream stream, IAsyncEnumerable<Candidate> candidates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await using var csv = CsvWriter.Create(stream, Options, leaveOpen: true);
        return await WriteAsync(csv, candidates, cancellationToken);
    }

    /// <summary>Writes the header and the candidates; returns how many candidates were written.</summary>
    public static async Task<long> WriteAsync(TextWriter writer, IAsyncEnumerable<Candidate> candidates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await using var csv = CsvWriter.Create(writer, Options, leaveOpen: true);
        return await WriteAsync(csv, candidates, cancellationToken);
    }

    static async Task<long> WriteAsync(CsvWriter csv, IAsyncEnumerable<Candidate> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        foreach (var name in Header) csv.WriteField(name);
        await csv.EndRecordAsync(cancellationToken);
        long count = 0;
        await foreach (var c in candidates.WithCancellation(cancellationToken))
        {
            csv.WriteField(c.Rank, "");
            csv.WriteField(c.CustomerId);
            csv.WriteField(c.Stage.ToString());
            csv.WriteField(c.Segment);
            csv.WriteField(c.DaysSinceLastOrder, "");
            csv.WriteField(c.PredictedValue, Money);
            csv.WriteField(c.ChurnProbability, Probability);
            csv.WriteField(c.ValueAtStake, Money);
            csv.WriteField(c.Reason);
            csv.WriteField(c.Offer);
            csv.WriteField(c.OfferMaxSpend, Money);
            csv.WriteField(c.ExpectedReturn, Money);
            csv.WriteField(c.ValueDrivers);
            await csv.EndRecordAsync(cancellationToken);
            count++;
        }
        await csv.FlushAsync(cancellationToken);
        return count;
    }
}
