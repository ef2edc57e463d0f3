using CustomerValue.Core.Btyd;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Lifecycle;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Segmentation;
using CustomerValue.Core.Store;

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

        var prediction = bundle.Predict(row, explain, out var derived);
        var unknown = prediction.UnknownCategories;
        for (var i = 0; i < unknown.Count; i++)
        {
            var (column, value) = unknown[i];
            (warnings ??= []).Add(new ScoreWarning(ScoreWarnings.UnknownCategory, column,
                $"{column} '{value}' was not seen in training; the model scores it as an unknown value."));
        }

        var expectedOrders = prediction.ExpectedPurchases
            ?? LifecycleSignals.RunRateOrders(row, prediction.ChurnProbability, card.HorizonDays);
        var assessment = _rules.Assess(LifecycleSignals.From(row, prediction, expectedOrders, row.Channel, card.IsContract, card.Recurring, card.UsualGapDays));

        var segment = Segment(bundle, row);
        // A churn table has no purchases to score by RFM: the missing cut points are no news.
        if (bundle.Rfm is null && !card.IsContract)
            (warnings ??= []).Add(new ScoreWarning(ScoreWarnings.NoRfmBreakpoints, null, $"model {version} carries no RFM cut points; rfmSegment is left out."));
        if (card.Clv is { Interval: var interval } && PredictionInterval.BeyondBands(interval, prediction.PredictedValue))
            (warnings ??= []).Add(new ScoreWarning(ScoreWarnings.IntervalBeyondBands, null, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the predicted value {prediction.PredictedValue:0.00} is above every held-out prediction the P10-P90 bands were fitted on (at most {interval.Bands[^1].UpperPrediction:0.00}): the interval is the top band's and says little about this customer.")));
        if (row.IsProspect && !bundle.Vocabulary.TrainedWithProspects)
            (warnings ??= []).Add(new ScoreWarning(ScoreWarnings.NoProspectsInTraining, null,
                $"model {version} was trained on customers who had all bought already: a customer without an order is scored by extrapolating from buyers, so treat the predicted value and the welcome offer's ceiling as unknown until the first order."));
        if (bundle.ProbabilityAliveUndefined(row))
            (warnings ??= []).Add(new ScoreWarning(ScoreWarnings.NoProbabilityAlive, null,
                "the BG/NBD model gives every customer without a repeat purchase P(alive) = 1, however long ago the order; probabilityAlive is left out: read churnProbability."));
        if (card.Recurring is { } recurring && row.GivenChurn != true && !(recurring.ChargeOf(row) > 0))
            (warnings ??= []).Add(new ScoreWarning(ScoreWarnings.NoRecurringCharge, FeatureColumns.AttributePrefix + recurring.LackingColumn(row),
                $"model {version} values a customer by their charge per {recurring.PeriodName}, {recurring.ChargeDescription}, which this customer lacks (or is not above 0): predictedValue is 0."));
        if (card.Grade == "C")
            (warnings ??= []).Add(new ScoreWarning(ScoreWarnings.WeakModel, null, $"model {version} is graded C: {card.GradeReason}"));

        return new CustomerScore
        {
            Features = row,
            HorizonDays = card.HorizonDays,
            PredictedValue = prediction.PredictedValue,
            ValueP10 = prediction.ValueP10,
            ValueP90 = prediction.ValueP90,
            WinBackValue = prediction.WinBackValue,
            ChurnProbability = prediction.ChurnProbability,
            ProbabilityAlive = prediction.ProbabilityAlive,
            ExpectedNextOrderDate = BtydFeatureModel.NextPurchaseDate(row.AsOf, prediction.NextPurchaseDays),
            ExpectedOrders = expectedOrders,
            Lifecycle = assessment,
            Segment = segment,
            Reasons = explain ? Reasons(row, prediction.Contributions, bundle, derived) : [],
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
        return score with { Reasons = Reasons(score.Features, bundle.Explain(score.Features), bundle, derived: null) };
    }

    /// <summary>
    /// The store's row for a customer: what <see cref="Score"/> followed by <see cref="ScoredCustomerMapping.ToScoredCustomer"/>
    /// gives, without building what a stored row never holds (the stage reason, the later recommendations' reasons, the
    /// warnings); the first recommendation's reason is worded only for the customers it explains. <c>cvml score</c> runs
    /// this once per customer of the base.
    /// </summary>
    /// <param name="explainStages">Stages whose customers get top reasons and the action's reason (the explaining CLV model runs only for them); null explains everyone.</param>
    /// <param name="orderHistory">The customer's monthly totals, stored with the row.</param>
    public ScoredCustomer ScoreForStore(
        ModelBundle bundle, FeatureRow row, IReadOnlySet<LifecycleStage>? explainStages, IReadOnlyList<MonthlyOrders> orderHistory)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(row);
        var explainAll = explainStages is null;
        var prediction = bundle.Predict(row, explainAll, out var derived);
        var expectedOrders = prediction.ExpectedPurchases
            ?? LifecycleSignals.RunRateOrders(row, prediction.ChurnProbability, bundle.Card.HorizonDays);
        var signals = LifecycleSignals.From(row, prediction, expectedOrders, row.Channel, bundle.Card.IsContract, bundle.Card.Recurring, bundle.Card.UsualGapDays);
        var placement = _rules.Place(signals);
        // The stage needs the churn prediction first, so only the customers who turn out to need reasons pay for them.
        var explained = explainAll || explainStages!.Contains(placement.Stage);
        IReadOnlyList<string> reasons = explainAll ? ReasonTexts(row, prediction.Contributions, bundle, derived)
            : explained ? ReasonTexts(row, bundle.Explain(row, derived), bundle, derived)
            : [];
        return ScoredCustomerMapping.StoreRow(row, new StoreFigures(
            prediction.PredictedValue, prediction.ValueP10, prediction.ValueP90, prediction.ChurnProbability, prediction.ProbabilityAlive,
            expectedOrders, BtydFeatureModel.NextPurchaseDate(row.AsOf, prediction.NextPurchaseDays), placement.Stage,
            Segment(bundle, row), reasons, placement.Action, placement.MaxSpend, explained ? _rules.ActionReason(signals) : null,
            prediction.WinBackValue), orderHistory);
    }

    static RfmSegment? Segment(ModelBundle bundle, FeatureRow row) =>
        bundle.Rfm?.Score(new RfmValues(row.IsProspect ? null : row.RecencyDays, row.Frequency, row.TotalSpend)).Segment;

    /// <param name="derived">The prediction's derived values, when it has them; otherwise a derived column is worked out again.</param>
    static List<ScoreReason> Reasons(FeatureRow row, IReadOnlyList<FeatureContribution> contributions, ModelBundle bundle, IReadOnlyList<double>? derived)
    {
        var items = new List<ScoreReason>(ExplanationSize);
        for (var i = 0; i < contributions.Count && i < ExplanationSize; i++)
        {
            var (feature, contribution) = contributions[i];
            var value = ReasonValue(row, feature, bundle, derived);
            items.Add(new ScoreReason(feature, value, Math.Round(contribution, 6), ExplanationText.Describe(feature, value, contribution, bundle.Card.HorizonDays, bundle.Card.IsContract)));
        }
        return items;
    }

    /// <summary>The texts of <see cref="Reasons"/>, which are all a stored row keeps of them.</summary>
    static string[] ReasonTexts(FeatureRow row, IReadOnlyList<FeatureContribution> contributions, ModelBundle bundle, IReadOnlyList<double>? derived)
    {
        var texts = new string[Math.Min(contributions.Count, ExplanationSize)];
        for (var i = 0; i < texts.Length; i++)
        {
            var (feature, contribution) = contributions[i];
            texts[i] = ExplanationText.Describe(feature, ReasonValue(row, feature, bundle, derived), contribution, bundle.Card.HorizonDays, bundle.Card.IsContract);
        }
        return texts;
    }

    /// <summary>The customer's value of a feature as a reason shows it: a string, a number to 4 decimals, or null when undefined.</summary>
    static object? ReasonValue(FeatureRow row, string feature, ModelBundle bundle, IReadOnlyList<double>? derived)
    {
        var layout = bundle.Vectorizer.Layout;
        var derivedIndex = VectorLayout.IndexOf(layout.Derived, feature);
        if (derivedIndex >= 0)
            return Number(derived is not null && derivedIndex < derived.Count ? derived[derivedIndex] : bundle.Derived.Derive(row, derivedIndex));
        if (IsCategorical(layout, feature))
            return row.GetCategorical(feature);
        return Number(row.GetNumeric(feature));
    }

    static object? Number(double value) => double.IsFinite(value) ? Math.Round(value, 4) : null;

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
