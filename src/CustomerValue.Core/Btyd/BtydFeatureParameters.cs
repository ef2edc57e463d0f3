using System.Globalization;
using System.Text.Json.Serialization;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// Everything needed to rebuild a <see cref="BtydFeatureModel"/> without refitting: what the model card stores
/// and serving loads. Parameters are by name as the models report them; an unusable fit keeps its reasons and no
/// parameters.
/// </summary>
public sealed record BtydFeatureParameters
{
    [JsonConverter(typeof(JsonStringEnumConverter<BtydModelKind>))]
    public required BtydModelKind Kind { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<TimeUnit>))]
    public required TimeUnit Unit { get; init; }

    /// <summary>Transaction model parameters by name (<c>r, alpha, a, b</c> or <c>r, alpha, s, beta</c>); empty when unusable.</summary>
    public IReadOnlyDictionary<string, double> Transactions { get; init; } = new Dictionary<string, double>();

    /// <summary>Gamma-Gamma <c>p, q, gamma</c>; empty when the spend model is unusable.</summary>
    public IReadOnlyDictionary<string, double> Spend { get; init; } = new Dictionary<string, double>();

    /// <summary>Why the transaction model is not usable; null when it is.</summary>
    public string? UnusableReason { get; init; }

    /// <summary>Why the spend model is not usable; null when it is.</summary>
    public string? SpendUnusableReason { get; init; }

    /// <summary>
    /// Gamma-Gamma's <see cref="GammaGamma.FrequencySpendCorrelation"/> on the customers it was fitted on; null without a
    /// Gamma-Gamma fit (bundles before it was recorded, a constant spend, an unusable fit).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? FrequencySpendCorrelation { get; init; }

    /// <summary>
    /// The share of what the fitted customers bought that they kept, net of returns (<see cref="BtydFeatureModel.KeptShare"/>);
    /// null where nothing was returned (and in bundles before it was recorded), read as 1.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? KeptShare { get; init; }

    /// <summary>What <see cref="KeptShare"/> does to the value, in a sentence for <c>cvml train</c> and the report; null without returns.</summary>
    public string? KeptShareNote() => KeptShare is { } kept
        ? string.Create(CultureInfo.InvariantCulture, $"the customers kept {kept:0.0%} of what they bought on their purchase days; BTYD + Gamma-Gamma's value is net of the rest (Gamma-Gamma reads what was paid per purchase; card: btyd.keptShare)")
        : null;

    /// <summary>How the transaction model was fitted when not by plain maximum likelihood (a penalized second fit); null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FitNote { get; init; }
}
