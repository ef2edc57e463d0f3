using System.Text.Json;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Lifecycle;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Segmentation;
using CustomerValue.Core.Serving;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Predictions;

/// <summary>
/// Scores requests on one leased model generation: validate, build the feature row with the
/// training code's <see cref="FeatureBuilder.Snapshot"/>, predict, place in the lifecycle, explain.
/// </summary>
public sealed class CustomerScorer(PredictionRequestValidator validator, IOptions<LifecycleOptions> lifecycle)
{
    public const int ExplanationSize = 3;

    /// <summary>Stands in for a missing customer id inside the feature code; never returned.</summary>
    const string AnonymousCustomer = "(anonymous)";

    readonly LifecycleRules _rules = new(lifecycle.Value);

    public ScoreResult Score(ModelLease<ModelBundle> lease, PredictionRequest request, bool explain)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(request);
        var bundle = lease.Bundle;
        var vocabulary = ModelVocabulary.Of(bundle);
        var errors = validator.Validate(request, vocabulary);
        if (errors.Count > 0)
            return ScoreResult.Invalid(errors);

        var asOf = validator.AsOf(request);
        var customerId = request.CustomerId ?? AnonymousCustomer;
        var warnings = new List<PredictionWarning>();
        var profile = ToProfile(customerId, request.Profile, vocabulary, warnings);
        var history = ToHistory(customerId, request.History, warnings);

        var row = FeatureBuilder.Snapshot(profile, history, asOf, bundle.FeatureOptions);
        var prediction = bundle.Predict(row, explain);
        foreach (var (column, value) in prediction.UnknownCategories)
            warnings.Add(new PredictionWarning("unknownCategory", FieldOf(column),
                $"{column} '{value}' was not seen in training; the model scores it as an unknown value."));

        var card = bundle.Card;
        var expectedOrders = prediction.ExpectedPurchases
            ?? LifecycleSignals.RunRateOrders(row, prediction.ChurnProbability, card.HorizonDays);
        var assessment = _rules.Assess(LifecycleSignals.From(row, prediction, expectedOrders, profile.Channel));

        RfmSegment? segment = null;
        if (vocabulary.Rfm is { } rfm)
            segment = rfm.Score(new RfmValues(row.IsProspect ? null : row.RecencyDays, row.Frequency, row.TotalSpend)).Segment;
        else
            warnings.Add(new PredictionWarning("noRfmBreakpoints", null, $"model {lease.Info.Version} carries no RFM cut points; rfmSegment is left out."));
        if (card.Grade == "C")
            warnings.Add(new PredictionWarning("weakModel", null, $"model {lease.Info.Version} is graded C: {card.GradeReason}"));

        return ScoreResult.Scored(new PredictionResponse(
            request.CustomerId,
            lease.Info.Version,
            asOf,
            card.HorizonDays,
            Money(prediction.PredictedValue),
            new ValueInterval(Money(prediction.ValueP10), Money(prediction.ValueP90)),
            Probability(prediction.ChurnProbability),
            prediction.ProbabilityAlive is { } alive ? Probability(alive) : null,
            Math.Round(expectedOrders, 2),
            assessment.Stage,
            assessment.StageReason,
            segment,
            [.. assessment.Recommendations.Select(r => new RecommendationResponse(r.Action, r.Reason, r.MaxSpend))],
            assessment.MaxAcquisitionCost,
            assessment.ValueAtStake,
            explain ? Explain(row, prediction, bundle, vocabulary) : null,
            warnings));
    }

    static CustomerProfile ToProfile(string customerId, ProfileRequest? profile, ModelVocabulary vocabulary, List<PredictionWarning> warnings)
    {
        if (profile is null)
            return new CustomerProfile(customerId);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in profile.Attributes ?? [])
        {
            if (!vocabulary.Attributes.NumericNames.Contains(name) && !vocabulary.Attributes.CategoricalNames.Contains(name))
            {
                warnings.Add(new PredictionWarning("ignoredAttribute", $"profile.attributes.{name}",
                    $"the model was not trained with an attribute '{name}'; it is ignored."));
                continue;
            }
            var text = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            };
            if (text is not null)
                attributes[name] = text;
        }
        var device = profile.Device?.Trim();
        return new CustomerProfile(customerId)
        {
            PostalCode = profile.PostalCode,
            Device = device is not null && vocabulary.ModelDevices.TryGetValue(device, out var canonical) ? canonical : device,
            Channel = profile.Channel,
            Newsletter = profile.Newsletter,
            SignupDate = profile.SignupDate,
            Attributes = attributes,
        };
    }

    static IReadOnlyList<Transaction> ToHistory(string customerId, HistoryRequest? history, List<PredictionWarning> warnings)
    {
        if (history?.Summary is { } summary)
        {
            warnings.Add(new PredictionWarning("approximateHistory", "history.summary",
                "the summary was spread into evenly spaced orders: recency, tenure, order count and spend are exact, " +
                "gaps between orders, 30/90/365-day order counts and the spend trend are approximations."));
            return SummaryHistory.Expand(customerId, summary);
        }
        if (history?.Orders is not { } orders)
            return [];
        return [.. orders.Select(o => new Transaction(customerId, o!.Date!.Value.ToDateTime(TimeOnly.MinValue), o.Amount!.Value))];
    }

    static List<ExplanationItem> Explain(FeatureRow row, BundlePrediction prediction, ModelBundle bundle, ModelVocabulary vocabulary)
    {
        var items = new List<ExplanationItem>(ExplanationSize);
        double[]? derived = null;
        foreach (var contribution in prediction.Contributions.Take(ExplanationSize))
        {
            var feature = contribution.Feature;
            object? value;
            var derivedIndex = IndexOf(bundle.Vectorizer.Layout.Derived, feature);
            if (derivedIndex >= 0)
            {
                derived ??= vocabulary.DerivedScorer.Derive(row).Values;
                value = derived[derivedIndex];
            }
            else if (bundle.Vectorizer.Layout.Categorical.Any(c => c.Column == feature))
                value = row.GetCategorical(feature);
            else
                value = row.GetNumeric(feature);
            if (value is double number && !double.IsFinite(number))
                value = null;
            else if (value is double rounded)
                value = Math.Round(rounded, 4);
            items.Add(new ExplanationItem(feature, value, Math.Round(contribution.Contribution, 6),
                ExplanationText.Describe(feature, value, contribution.Contribution)));
        }
        return items;
    }

    static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
                return i;
        }
        return -1;
    }

    static string? FieldOf(string column) => column switch
    {
        FeatureColumns.PostalCode or FeatureColumns.PostalRegion => "profile.postalCode",
        FeatureColumns.Device => "profile.device",
        FeatureColumns.Channel => "profile.channel",
        FeatureColumns.Newsletter => "profile.newsletter",
        _ when column.StartsWith(FeatureColumns.AttributePrefix, StringComparison.Ordinal) =>
            "profile.attributes." + column[FeatureColumns.AttributePrefix.Length..],
        _ => null,
    };

    static double Money(double value) => Math.Round(value, 2);

    static double Probability(double value) => Math.Round(value, 4);
}

/// <summary>Either a prediction or the field errors that prevented it.</summary>
public sealed record ScoreResult(PredictionResponse? Response, Dictionary<string, string[]>? Errors)
{
    public static ScoreResult Scored(PredictionResponse response) => new(response, null);

    public static ScoreResult Invalid(Dictionary<string, string[]> errors) => new(null, errors);
}
