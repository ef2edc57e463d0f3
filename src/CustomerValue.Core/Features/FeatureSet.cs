namespace CustomerValue.Core.Features;

/// <summary>The result of one pass: a training example per customer known at the cutoff, ordered by customer id.</summary>
public sealed class FeatureSet
{
    internal FeatureSet(
        DateOnly cutoff, FeatureOptions options, AttributeSchema attributes,
        IReadOnlyList<CustomerExample> rows, long transactionsRead, DateOnly? lastTransactionDate)
    {
        Cutoff = cutoff;
        HorizonDays = options.HorizonDays;
        ChurnWindowDays = options.EffectiveChurnWindowDays;
        Attributes = attributes;
        Rows = rows;
        TransactionsRead = transactionsRead;
        LastTransactionDate = lastTransactionDate;
    }

    public DateOnly Cutoff { get; }
    public int HorizonDays { get; }
    public int ChurnWindowDays { get; }
    public AttributeSchema Attributes { get; }
    public IReadOnlyList<CustomerExample> Rows { get; }
    public long TransactionsRead { get; }
    public DateOnly? LastTransactionDate { get; }

    /// <summary>The last day any label looks at.</summary>
    public DateOnly LabelWindowEnd => Cutoff.AddDays(Math.Max(HorizonDays, ChurnWindowDays));

    /// <summary>
    /// False when the data stops before <see cref="LabelWindowEnd"/>: the labels then undercount
    /// future spend and overcount churn, and the cutoff should move earlier.
    /// </summary>
    public bool LabelWindowCovered => LastTransactionDate >= LabelWindowEnd;

    /// <summary>The columns of <see cref="Rows"/>' features, with units, for the model card.</summary>
    public IReadOnlyList<FeatureDefinition> Catalog => FeatureCatalog.For(Attributes);
}
