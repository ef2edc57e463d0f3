using CustomerValue.Core.Data;
using CustomerValue.Core.Features;

namespace CustomerValue.Core.Scoring;

/// <summary>Where the customer base to score comes from.</summary>
public sealed record ScoringSources
{
    /// <summary>Transactions file; may come from <see cref="SourceSpecPath"/>'s spec instead.</summary>
    public string? TransactionsPath { get; init; }
    public string? CustomersPath { get; init; }
    public string? SourceSpecPath { get; init; }
    public string? CustomersSourceSpecPath { get; init; }

    /// <summary>Features as of the end of this day; null for the last date in the transactions.</summary>
    public DateOnly? AsOf { get; init; }
    public BadRowPolicy OnBadRow { get; init; } = BadRowPolicy.Fail;
}

/// <summary>The customer base read from its sources: a feature row per customer as of one date.</summary>
public sealed class ScoringInput
{
    ScoringInput(FeatureSet features, LoadReport transactions, LoadReport? customers)
    {
        Features = features;
        TransactionReport = transactions;
        CustomerReport = customers;
    }

    public FeatureSet Features { get; }
    public DateOnly AsOf => Features.Cutoff;
    public LoadReport TransactionReport { get; }
    public LoadReport? CustomerReport { get; }

    /// <summary>Rows rejected under <see cref="BadRowPolicy.Skip"/>, both files together.</summary>
    public long RowsRejected => TransactionReport.RowsRejected + (CustomerReport?.RowsRejected ?? 0);

    /// <summary>
    /// Loads the profiles, then builds the features in one streaming pass over the transactions, with the options
    /// the model was trained with. Transactions are never held in memory.
    /// </summary>
    /// <exception cref="ArgumentException">No transactions file is named.</exception>
    /// <exception cref="DataLoadException">A bad row under <see cref="BadRowPolicy.Fail"/>.</exception>
    /// <exception cref="InvalidDataException">No transactions were loaded.</exception>
    public static ScoringInput Load(ScoringSources sources, FeatureOptions featureOptions)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(featureOptions);
        var loadOptions = new LoadOptions { OnBadRow = sources.OnBadRow };
        var spec = sources.SourceSpecPath is { } specPath ? SourceSpec.Load(specPath) : null;
        var customersSpec = sources.CustomersSourceSpecPath is { } customersSpecPath ? SourceSpec.Load(customersSpecPath) : null;
        var transactionsPath = sources.TransactionsPath ?? spec?.ResolvePath()
            ?? throw new ArgumentException("Give --transactions, or a --source whose spec names its file: scoring needs the order history.");
        var customersPath = sources.CustomersPath ?? customersSpec?.ResolvePath();

        var customers = customersPath is null ? null : new CustomerLoader(customersSpec, loadOptions).Load(customersPath);
        var stream = new TransactionLoader(spec, loadOptions).Stream(transactionsPath);
        var features = sources.AsOf is { } asOf
            ? FeatureBuilder.Build(stream, customers?.Customers, asOf, featureOptions)
            : FeatureBuilder.BuildAsOfLastDate(stream, customers?.Customers, featureOptions);
        var report = stream.Report ?? throw new InvalidDataException($"{transactionsPath}: no transactions were read.");
        if (report.RowsLoaded == 0)
            throw new InvalidDataException($"{transactionsPath}: no transactions were loaded.");
        return new ScoringInput(features, report, customers?.Report);
    }
}
