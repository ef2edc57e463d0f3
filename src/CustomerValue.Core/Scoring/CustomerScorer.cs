using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Lifecycle;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Segmentation;

namespace CustomerValue.Core.Scoring;

/// <summary>
/// Scores one customer's feature row with a model bundle: predict, place in the lifecycle, segment by RFM, explain.
/// The API's predictions and <c>cvml score</c> both go through here, so a customer scores the same either way.
/// Thread-safe: the bundle's engine pools rent an engine per call.
/// </summary>
public sealed class CustomerScorer
{
    public const int ExplanationSize = 3;

    readonly LifecycleRules _rules;

    public CustomerScorer(LifecycleRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules;
    }

    /// <exception cref="ArgumentException">The lifecycle options are not valid.</exception>
    public CustomerScorer(LifecycleOptions options) : this(new LifecycleRules(options))
    {
    }

    /// <param name="row">Built with <paramref name="bundle"/>'s <see cref="ModelBundle.FeatureOptions"/>.</param>
    /// <param name="modelVersion">Named in warnings; defaults to the card's version.</param>
    /// <param name="explain">Whether to compute <see cref="CustomerScore.Reasons"/> (slower: feature contributions).</param>
    public CustomerScore Score(ModelBundle bundle, FeatureRow row, bool explain, string? modelVersion = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(row);
        var card = bundle.Card;
        var version = modelVersion ?? card.Version;
        // Most customers score without a warning: the list is made for the first one.
        List<ScoreWarning>? warnings = null;

        var prediction = bundle.Predict(row, explain);
        var unknown = prediction.UnknownCategories;
        for (var i = 0; i < unknown.Count; i++)
        {
            var (column, value) = unknown[i];
            (warnings ??= []).Add(new ScoreWarning(ScoreWarnings.UnknownCategory, column,
                $"{column} '{value}' was not seen in training; the model scores it as an unknown value."));
        }

        var expectedOrders = prediction.ExpectedPurchases
            ?? LifecycleSignals.RunRateOrders(row, prediction.ChurnProbability, card.HorizonDays);
        var assessment = _rules.Assess(LifecycleSignals.From(row, prediction, expectedOrders, row.Channel));

        RfmSegment? segment = null;
        if (bundle.Rfm is { } rfm)
            segment = rfm.Score(new RfmValues(row.IsProspect ? null : row.RecencyDays, row.Frequency, row.TotalSpend)).Segment;
        else
            (warnings ??= []).Add(new ScoreWarning(ScoreWarnings.NoRfmBreakpoints, null, $"model {version} carries no RFM cut points; rfmSegment is left out."));
        if (card.Grade == "C")
            (warnings ??= []).Add(new ScoreWarning(ScoreWarnings.WeakModel, null, $"model {version} is graded C: {card.GradeReason}"));

        return new CustomerScore
        {
            Features = row,
            HorizonDays = card.HorizonDays,
            PredictedValue = prediction.PredictedValue,
            ValueP10 = prediction.ValueP10,
            ValueP90 = prediction.ValueP90,
            ChurnProbability = prediction.ChurnProbability,
            ProbabilityAlive = prediction.ProbabilityAlive,
            ExpectedNextOrderDate = BtydFeatureModel.NextPurchaseDate(row.AsOf, prediction.NextPurchaseDays),
            ExpectedOrders = expectedOrders,
            Lifecycle = assessment,
            Segment = segment,
            Reasons = explain ? Reasons(row, prediction.Contributions, bundle) : [],
            Warnings = warnings ?? [],
        };
    }

    /// <summary>
    /// Adds the reasons to a score made without them, running only the explaining CLV model: the same reasons
    /// <see cref="Score"/> with <c>explain</c> gives, for a caller that decides after scoring whom to explain.
    /// </summary>
    public CustomerScore Explain(ModelBundle bundle, CustomerScore score)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(score);
        return score with { Reasons = Reasons(score.Features, bundle.Explain(score.Features), bundle) };
    }

    static List<ScoreReason> Reasons(FeatureRow row, IReadOnlyList<FeatureContribution> contributions, ModelBundle bundle)
    {
        var items = new List<ScoreReason>(ExplanationSize);
        var layout = bundle.Vectorizer.Layout;
        for (var i = 0; i < contributions.Count && i < ExplanationSize; i++)
        {
            var contribution = contributions[i];
            var feature = contribution.Feature;
            object? value;
            var derivedIndex = VectorLayout.IndexOf(layout.Derived, feature);
            if (derivedIndex >= 0)
                value = bundle.Derived.Derive(row, derivedIndex);
            else if (IsCategorical(layout, feature))
                value = row.GetCategorical(feature);
            else
                value = row.GetNumeric(feature);
            if (value is double number && !double.IsFinite(number))
                value = null;
            else if (value is double rounded)
                value = Math.Round(rounded, 4);
            items.Add(new ScoreReason(feature, value, Math.Round(contribution.Contribution, 6),
                ExplanationText.Describe(feature, value, contribution.Contribution)));
        }
        return items;
    }

    static bool IsCategorical(VectorLayout layout, string feature)
    {
        foreach (var vocabulary in layout.Categorical)
        {
            if (vocabulary.Column == feature)
                return true;
        }
        return false;
    }
}
