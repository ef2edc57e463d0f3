using System.Globalization;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;

namespace CustomerValue.Core.Scoring;

/// <summary>A feature's value in plain words, for the explanation of a prediction.</summary>
public static class ExplanationText
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>E.g. "no order for 214 days lowers the predicted value".</summary>
    public static string Describe(string feature, object? value, double contribution) =>
        $"{Phrase(feature, value)} {(contribution > 0 ? "raises" : "lowers")} the predicted value";

    static string Phrase(string feature, object? value)
    {
        if (value is string text)
            return Category(feature, text);
        if (value is not double number)
            return $"{Name(feature)} unknown";
        var days = number < 0;
        return feature switch
        {
            FeatureColumns.IsProspect => number > 0 ? "no purchase yet" : "having purchased",
            FeatureColumns.RecencyDays => days ? "no order yet" : number == 0 ? "an order today" : $"no order for {Count(number)} days",
            FeatureColumns.Frequency => number == 0 ? "no repeat order" : $"{Count(number)} repeat {Plural(number, "order")}",
            FeatureColumns.TenureDays => days ? "no first order yet" : $"a first order {Count(number)} days ago",
            FeatureColumns.Monetary => number == 0 ? "no repeat spend" : $"repeat orders of {Money(number)} on average",
            FeatureColumns.FirstTicket => $"a first order of {Money(number)}",
            FeatureColumns.TotalSpend => $"a total spend of {Money(number)}",
            FeatureColumns.PurchaseDays30 => Window(number, 30),
            FeatureColumns.PurchaseDays90 => Window(number, 90),
            FeatureColumns.PurchaseDays365 => Window(number, 365),
            FeatureColumns.MeanDaysBetweenPurchases => days ? "no gap between orders yet" : $"an order every {number.ToString("0.#", Inv)} days on average",
            FeatureColumns.StdDaysBetweenPurchases => days ? "no gap between orders yet" : $"gaps between orders varying by {number.ToString("0.#", Inv)} days",
            FeatureColumns.SpendTrend90 => number switch
            {
                > 0 => "spending more in the last 90 days than in the 90 before",
                < 0 => "spending less in the last 90 days than in the 90 before",
                _ => "spending the same in the last 90 days as in the 90 before",
            },
            FeatureColumns.DaysSinceSignup => days ? "an unknown signup date" : $"signed up {Count(number)} days ago",
            // Derived columns: -1 marks a customer the model behind them cannot score (a prospect).
            FeatureScorer.HistoricValueColumn => $"a past buying pace worth {Money(number)} over the horizon",
            FeatureScorer.ProbabilityAliveColumn => days ? "no purchase pattern yet" : $"a {number.ToString("0%", Inv)} chance of still being an active customer",
            FeatureScorer.ExpectedPurchasesColumn => days ? "no purchase pattern yet" : $"{number.ToString("0.#", Inv)} orders expected from the purchase pattern",
            FeatureScorer.ExpectedSpendColumn => days ? "no purchase pattern yet" : $"{Money(number)} expected from the purchase pattern",
            _ => double.IsNaN(number) ? $"{Name(feature)} unknown" : $"{Name(feature)} of {number.ToString("0.##", Inv)}",
        };
    }

    static string Category(string feature, string value)
    {
        if (value.Length == 0)
            return $"no {Name(feature)} given";
        return feature switch
        {
            FeatureColumns.Newsletter => value == "yes" ? "a newsletter subscription" : "no newsletter subscription",
            _ => $"{Name(feature)} '{value}'",
        };
    }

    static string Name(string feature) => feature switch
    {
        FeatureColumns.PostalCode => "postal code",
        FeatureColumns.PostalRegion => "postal region",
        FeatureColumns.Device => "device",
        FeatureColumns.Channel => "channel",
        FeatureColumns.Newsletter => "newsletter",
        _ when feature.StartsWith(FeatureColumns.AttributePrefix, StringComparison.Ordinal) => feature[FeatureColumns.AttributePrefix.Length..],
        _ => feature.Replace('_', ' '),
    };

    static string Window(double count, int days) =>
        count == 0 ? $"no order in the last {days} days" : $"{Count(count)} {Plural(count, "order")} in the last {days} days";

    static string Count(double n) => n.ToString("0", Inv);
    static string Plural(double n, string word) => n == 1 ? word : word + "s";
    static string Money(double x) => x.ToString("0.00", Inv);
}
