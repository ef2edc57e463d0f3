using System.Diagnostics;
using System.Text.Json;
using CustomerValue.Api.Monitoring;
using CustomerValue.Api.Telemetry;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Scoring;
using CustomerValue.Core.Serving;

namespace CustomerValue.Api.Predictions;

/// <summary>
/// Answers one prediction request on one leased model generation: validate, build the feature row with the
/// training code's <see cref="FeatureBuilder.SnapshotOfAmounts"/>, then score it with Core's <see cref="CustomerScorer"/>
/// (the same code <c>cvml score</c> runs), and shape the answer.
/// </summary>
public sealed class RequestPredictor(PredictionRequestValidator validator, CustomerScorer scorer, LiveDrift drift, ApiMetrics metrics)
{
    /// <summary>Stands in for a missing customer id inside the feature code; never returned.</summary>
    const string AnonymousCustomer = "(anonymous)";

    public PredictionResult Predict(ModelLease<ModelBundle> lease, PredictionRequest request, bool explain)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(request);
        var bundle = lease.Bundle;
        var vocabulary = bundle.Vocabulary;
        if (validator.Validate(request, vocabulary) is { } errors)
            return PredictionResult.Invalid(errors);

        var started = Stopwatch.GetTimestamp();
        var asOf = validator.AsOf(request);
        var customerId = request.CustomerId ?? AnonymousCustomer;
        var warnings = new List<PredictionWarning>();
        var profile = ToProfile(customerId, request.Profile, vocabulary, warnings);
        var history = ToHistory(request.History, warnings);
        profile = AssumeSignupDate(profile, history, asOf, vocabulary, warnings);

        var row = FeatureBuilder.SnapshotOfAmounts(profile, history, asOf, bundle.FeatureOptions);
        var score = scorer.Score(bundle, row, explain, lease.Info.Version);
        drift.Record(lease, row, score);
        metrics.RecordPrediction(score.Lifecycle.Stage, lease.Info.Version, Stopwatch.GetElapsedTime(started));
        foreach (var warning in score.Warnings)
            warnings.Add(new PredictionWarning(warning.Code, warning.Column is { } column ? FieldOf(column) : null, warning.Message));
        var assessment = score.Lifecycle;

        return PredictionResult.Scored(new PredictionResponse(
            request.CustomerId,
            lease.Info.Version,
            asOf,
            score.HorizonDays,
            Money(score.PredictedValue),
            new ValueInterval(Money(score.ValueP10), Money(score.ValueP90)),
            Probability(score.ChurnProbability),
            score.ProbabilityAlive is { } alive ? Probability(alive) : null,
            score.ExpectedNextOrderDate,
            Math.Round(score.ExpectedOrders, 2),
            assessment.Stage,
            assessment.StageReason,
            score.Segment,
            Recommendations(assessment.Recommendations),
            assessment.MaxAcquisitionCost,
            assessment.ValueAtStake,
            explain ? Explanation(score.Reasons) : null,
            warnings));
    }

    static CustomerProfile ToProfile(string customerId, ProfileRequest? profile, ModelVocabulary vocabulary, List<PredictionWarning> warnings)
    {
        if (profile is null)
            return new CustomerProfile(customerId);
        if (vocabulary.ProfileColumnsLeftOut.Count > 0)
            WarnLeftOut(profile, vocabulary.ProfileColumnsLeftOut, warnings);
        var device = profile.Device?.Trim();
        var shaped = new CustomerProfile(customerId)
        {
            PostalCode = profile.PostalCode,
            Device = device is not null && vocabulary.ModelDevices.TryGetValue(device, out var canonical) ? canonical : device,
            Channel = profile.Channel,
            Newsletter = profile.Newsletter,
            SignupDate = profile.SignupDate,
        };
        if (profile.Attributes is not { Count: > 0 } given)
            return shaped;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in given)
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
        return shaped with { Attributes = attributes };
    }

    /// <summary>A profile field whose column training left out: given, it changes nothing, and the caller is told so.</summary>
    static void WarnLeftOut(ProfileRequest profile, IReadOnlyList<string> leftOut, List<PredictionWarning> warnings)
    {
        void Warn(bool given, string column, string field)
        {
            if (given && leftOut.Contains(column))
                warnings.Add(new PredictionWarning("ignoredField", $"profile.{field}",
                    $"the model does not read {field}: at training it did not rank customers enough better to be used (GET /v1/model, profileColumns); it is ignored."));
        }
        Warn(!string.IsNullOrWhiteSpace(profile.PostalCode), FeatureColumns.PostalCode, "postalCode");
        Warn(!string.IsNullOrWhiteSpace(profile.Device), FeatureColumns.Device, "device");
        Warn(!string.IsNullOrWhiteSpace(profile.Channel), FeatureColumns.Channel, "channel");
        Warn(profile.Newsletter is not null, FeatureColumns.Newsletter, "newsletter");
        Warn(profile.SignupDate is not null, FeatureColumns.DaysSinceSignup, "signupDate");
        if (profile.Attributes is not { Count: > 0 } attributes)
            return;
        foreach (var name in attributes.Keys)
            Warn(!string.IsNullOrWhiteSpace(name), FeatureColumns.AttributePrefix + name, "attributes." + name);
    }

    static CustomerProfile AssumeSignupDate(
        CustomerProfile profile, DatedAmount[] history, DateOnly asOf, ModelVocabulary vocabulary, List<PredictionWarning> warnings)
    {
        if (profile.SignupDate is not null || !vocabulary.TrainedWithSignupDates)
            return profile;
        var assumed = history.Length > 0 ? FirstDate(history) : asOf;
        if (assumed > asOf)
            assumed = asOf;
        warnings.Add(new PredictionWarning("signupDateAssumed", "profile.signupDate",
            $"the model was trained on customers who all had a signup date; {assumed:yyyy-MM-dd} ({(history.Length > 0 ? "the first order" : "the as-of date")}) is assumed."));
        return profile with { SignupDate = assumed };
    }

    /// <summary>The orders as days and amounts: all the features read, without a transaction object per order.</summary>
    static DatedAmount[] ToHistory(HistoryRequest? history, List<PredictionWarning> warnings)
    {
        if (history?.Summary is { } summary)
        {
            warnings.Add(new PredictionWarning("approximateHistory", "history.summary",
                "the summary was spread into evenly spaced orders: recency, tenure, order count and spend are exact, " +
                "gaps between orders, 30/90/365-day order counts and the spend trend are approximations."));
            return SummaryHistory.Expand(summary);
        }
        if (history?.Orders is not { } orders)
            return [];
        var amounts = new DatedAmount[orders.Count];
        for (var i = 0; i < amounts.Length; i++)
            amounts[i] = new DatedAmount(orders[i]!.Date!.Value, orders[i]!.Amount!.Value);
        return amounts;
    }

    static DateOnly FirstDate(DatedAmount[] history)
    {
        var first = history[0].Date;
        for (var i = 1; i < history.Length; i++)
        {
            if (history[i].Date < first)
                first = history[i].Date;
        }
        return first;
    }

    static RecommendationResponse[] Recommendations(IReadOnlyList<Core.Lifecycle.Recommendation> recommendations)
    {
        var items = new RecommendationResponse[recommendations.Count];
        for (var i = 0; i < items.Length; i++)
            items[i] = new RecommendationResponse(recommendations[i].Action, recommendations[i].Reason, recommendations[i].MaxSpend);
        return items;
    }

    static ExplanationItem[] Explanation(IReadOnlyList<ScoreReason> reasons)
    {
        var items = new ExplanationItem[reasons.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var reason = reasons[i];
            items[i] = new ExplanationItem(reason.Feature, reason.Value as double?, reason.Value as string, reason.Contribution, reason.Text);
        }
        return items;
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
public sealed record PredictionResult(PredictionResponse? Response, Dictionary<string, string[]>? Errors)
{
    public static PredictionResult Scored(PredictionResponse response) => new(response, null);

    public static PredictionResult Invalid(Dictionary<string, string[]> errors) => new(null, errors);
}
