using System.Collections.Concurrent;
using System.Globalization;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;

namespace CustomerValue.Core.Scoring;

/// <summary>A feature's value in plain words, for the explanation of a prediction.</summary>
public static class ExplanationText
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>E.g. "no order for 214 days lowers the predicted value".</summary>
    public static string Describe(string feature, object? value, double contribution)
    {
        var raises = contribution > 0;
        if (!Repeats(value))
            return Sentence(feature, value, raises);
        // Keyed by the number's bits: -0 reads "-0", so it must not share 0's sentence.
        var key = new SentenceKey(feature, value is double number ? BitConverter.DoubleToInt64Bits(number) : null, value as string, raises);
        if (Sentences.TryGetValue(key, out var sentence))
            return sentence;
        sentence = Sentence(feature, value, raises);
        if (Volatile.Read(ref s_sentences) < MaxSentences && Sentences.TryAdd(key, sentence))
            Interlocked.Increment(ref s_sentences);
        return sentence;
    }

    static string Sentence(string feature, object? value, bool raises) =>
        string.Concat(Phrase(feature, value), raises ? " raises the predicted value" : " lowers the predicted value");

    /// <summary>
    /// Whole numbers of days or orders, categories and missing values recur across a customer base, so their sentences
    /// are kept and shared; amounts and rates rarely repeat, and are worded afresh each time.
    /// </summary>
    static bool Repeats(object? value) => value switch
    {
        double number => number == Math.Floor(number) && Math.Abs(number) <= MaxWholeNumber,
        _ => value is null or string,
    };

    const double MaxWholeNumber = 100_000;

    /// <summary>Bounds the kept sentences (about 100 bytes each) however varied the base; past it, sentences are built each time.</summary>
    const int MaxSentences = 100_000;

    static readonly ConcurrentDictionary<SentenceKey, string> Sentences = new();
    static int s_sentences;

    readonly record struct SentenceKey(string Feature, long? NumberBits, string? Category, bool Raises);

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
            FeatureColumns.RecencyDays => days ? "no order yet" : number == 0 ? "an order today" : string.Create(Inv, $"no order for {number:0} days"),
            FeatureColumns.Frequency => number == 0 ? "no repeat order" : string.Create(Inv, $"{number:0} repeat {OrderWord(number)}"),
            FeatureColumns.TenureDays => days ? "no first order yet" : string.Create(Inv, $"a first order {number:0} days ago"),
            FeatureColumns.Monetary => number == 0 ? "no repeat spend" : string.Create(Inv, $"repeat orders of {number:0.00} on average"),
            FeatureColumns.FirstTicket => string.Create(Inv, $"a first order of {number:0.00}"),
            FeatureColumns.TotalSpend => string.Create(Inv, $"a total spend of {number:0.00}"),
            FeatureColumns.PurchaseDays30 => Window(number, 30),
            FeatureColumns.PurchaseDays90 => Window(number, 90),
            FeatureColumns.PurchaseDays365 => Window(number, 365),
            FeatureColumns.MeanDaysBetweenPurchases => days ? "no gap between orders yet" : string.Create(Inv, $"an order every {number:0.#} days on average"),
            FeatureColumns.StdDaysBetweenPurchases => days ? "no gap between orders yet" : string.Create(Inv, $"gaps between orders varying by {number:0.#} days"),
            FeatureColumns.SpendTrend90 => number switch
            {
                > 0 => "spending more in the last 90 days than in the 90 before",
                < 0 => "spending less in the last 90 days than in the 90 before",
                _ => "spending the same in the last 90 days as in the 90 before",
            },
            FeatureColumns.Spend365 => string.Create(Inv, $"a spend of {number:0.00} in the last 365 days"),
            FeatureColumns.SpendLastHorizon => string.Create(Inv, $"a spend of {number:0.00} in the last horizon-length period"),
            FeatureColumns.PurchaseDaysLastHorizon => number == 0 ? "no order in the last horizon-length period" : string.Create(Inv, $"{number:0} {OrderWord(number)} in the last horizon-length period"),
            FeatureColumns.RecencyOverMeanGap => days ? "no rhythm of orders yet" : string.Create(Inv, $"a silence {number:0.#} times the usual gap between orders"),
            FeatureColumns.DaysSinceSignup => days ? "an unknown signup date" : string.Create(Inv, $"signed up {number:0} days ago"),
            // Derived columns: -1 marks a customer the model behind them cannot score (a prospect).
            DerivedColumns.HistoricValueColumn => string.Create(Inv, $"a past buying pace worth {number:0.00} over the horizon"),
            DerivedColumns.ProbabilityAliveColumn => days ? "no purchase pattern yet" : string.Create(Inv, $"a {number:0%} chance of still being an active customer"),
            DerivedColumns.ExpectedPurchasesColumn => days ? "no purchase pattern yet" : string.Create(Inv, $"{number:0.#} orders expected from the purchase pattern"),
            DerivedColumns.ExpectedSpendColumn => days ? "no purchase pattern yet" : string.Create(Inv, $"{number:0.00} expected from the purchase pattern"),
            _ => double.IsNaN(number) ? $"{Name(feature)} unknown" : string.Create(Inv, $"{Name(feature)} of {number:0.##}"),
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
        count == 0 ? string.Create(Inv, $"no order in the last {days} days") : string.Create(Inv, $"{count:0} {OrderWord(count)} in the last {days} days");

    static string OrderWord(double n) => n == 1 ? "order" : "orders";
}
