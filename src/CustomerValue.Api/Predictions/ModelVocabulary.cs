using System.Runtime.CompilerServices;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Segmentation;

namespace CustomerValue.Api.Predictions;

/// <summary>
/// What requests are checked and explained against, worked out once per loaded bundle: the devices
/// the model knows, its extra attributes, its RFM cut points and derived-column scorer.
/// </summary>
public sealed class ModelVocabulary
{
    static readonly ConditionalWeakTable<ModelBundle, ModelVocabulary> Cache = [];

    ModelVocabulary(ModelBundle bundle)
    {
        var card = bundle.Card;
        var devices = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var vocabulary in card.Vector.Categorical.Where(v => v.Column == FeatureColumns.Device))
            foreach (var value in vocabulary.Values)
                devices.TryAdd(value, value);
        if (card.Distributions.TryGetValue(FeatureColumns.Device, out var distribution) && distribution.TopValues is { } top)
            foreach (var value in top.Keys)
                devices.TryAdd(value, value);
        ModelDevices = devices;
        Attributes = bundle.FeatureOptions.Attributes ?? AttributeSchema.Empty;
        Rfm = card.Rfm is { } breakpoints && breakpoints.Validate().Count == 0 ? new RfmScorer(breakpoints) : null;
        DerivedScorer = FeatureScorer.FromCard(card);
    }

    /// <summary>Devices seen in training, case-insensitive, mapped to the spelling the model uses.</summary>
    public IReadOnlyDictionary<string, string> ModelDevices { get; }

    public AttributeSchema Attributes { get; }

    /// <summary>Null when the card carries no (usable) RFM cut points.</summary>
    public RfmScorer? Rfm { get; }

    public FeatureScorer DerivedScorer { get; }

    public static ModelVocabulary Of(ModelBundle bundle) => Cache.GetValue(bundle, static b => new ModelVocabulary(b));
}
