namespace CustomerValue.Core.Features;

public enum FeatureKind
{
    Numeric,
    Categorical,
}

public enum FeatureUnit
{
    /// <summary>Whole calendar days.</summary>
    Days,
    /// <summary>Currency units of the transaction amounts.</summary>
    Currency,
    /// <summary>A count of purchase days.</summary>
    Count,
    /// <summary>A dimensionless ratio.</summary>
    Ratio,
    /// <summary>0 or 1.</summary>
    Flag,
    /// <summary>A category label (text); empty text means unknown.</summary>
    Category,
    /// <summary>A numeric profile attribute in whatever unit the data owner used.</summary>
    AsGiven,
}

/// <summary>One column of the feature table as the model card records it.</summary>
/// <param name="Missing">The value written when the column is not defined for a customer, or null when it always is.</param>
public sealed record FeatureDefinition(string Name, FeatureKind Kind, FeatureUnit Unit, string Description, string? Missing = null);
