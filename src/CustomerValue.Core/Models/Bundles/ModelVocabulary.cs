using CustomerValue.Core.Features;

namespace CustomerValue.Core.Models.Bundles;

/// <summary>What requests are checked against: the devices the model knows and its extra attributes.</summary>
public sealed class ModelVocabulary
{
    internal ModelVocabulary(ModelCard card, AttributeSchema attributes)
    {
        var devices = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var vocabulary in card.Vector.Categorical.Where(v => v.Column == FeatureColumns.Device))
            foreach (var value in vocabulary.Values)
                devices.TryAdd(value, value);
        if (card.Distributions.TryGetValue(FeatureColumns.Device, out var distribution) && distribution.TopValues is { } top)
            foreach (var value in top.Keys)
                devices.TryAdd(value, value);
        ModelDevices = devices;
        Attributes = attributes;
        TrainedWithSignupDates = card.Distributions.TryGetValue(FeatureColumns.DaysSinceSignup, out var signup)
            && signup.Count > 0 && signup.Missing == 0;
        TrainedWithProspects = !(card.Distributions.TryGetValue(FeatureColumns.IsProspect, out var prospects)
            && prospects.Count > 0 && prospects.Max == 0);
        var read = card.Features.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        ProfileColumnsLeftOut = card.ProfileColumns is { Used: false } decision
            ? [.. decision.Columns.Where(c => !read.Contains(c))]
            : [];
    }

    /// <summary>
    /// The profile's columns training left out because they did not rank its validation period better
    /// (<see cref="ModelCard.ProfileColumns"/>): a request may give them, and they change nothing.
    /// </summary>
    public IReadOnlyList<string> ProfileColumnsLeftOut { get; }

    /// <summary>
    /// Every training customer had a signup date: a request without one would put days-since-signup
    /// where the trees never saw a value, so it is assumed instead (and said so).
    /// </summary>
    public bool TrainedWithSignupDates { get; }

    /// <summary>
    /// Some training customer had no order yet. When none had (every customer of the base had bought, as where the signup
    /// date is the first order's), a prospect's figures are the trees' extrapolation from buyers' rows, not an estimate.
    /// </summary>
    public bool TrainedWithProspects { get; }

    /// <summary>Devices seen in training, case-insensitive, mapped to the spelling the model uses.</summary>
    public IReadOnlyDictionary<string, string> ModelDevices { get; }

    public AttributeSchema Attributes { get; }
}
