using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;

namespace CustomerValue.Core.Scoring;

/// <summary>A feature's value in plain words, for the explanation of a prediction.</summary>
public static class ExplanationText
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>E.g. "no order for 214 days lowers the predicted value".</summary>
    /// <param name="horizonDays">The model's horizon, so the last-horizon features read "in the last 180 days"; null words them as "the last horizon-length period".</param>
    /// <param name="churn">The contribution is to the churn probability (a churn table's bundle): "raises the churn risk".</param>
    public static string Describe(string feature, object? value, double contribution, int? horizonDays = null, bool churn = false)
    {
        var raises = contribution > 0;
        if (!Repeats(value))
            return Sentence(feature, value, raises, horizonDays, churn);
        // Keyed by the number's bits: -0 reads "-0", so it must not share 0's sentence.
        var key = new SentenceKey(feature, value is double number ? BitConverter.DoubleToInt64Bits(number) : null, value as string, raises, horizonDays, churn);
        if (Sentences.TryGetValue(key, out var sentence))
            return sentence;
        sentence = Sentence(feature, value, raises, horizonDays, churn);
        if (Volatile.Read(ref s_sentences) < MaxSentences && Sentences.TryAdd(key, sentence))
            Interlocked.Increment(ref s_sentences);
        return sentence;
    }

    /// <summary>Worded into the thread's builder and copied out once, not as a phrase and then the phrase with its verb.</summary>
    static string Sentence(string feature, object? value, bool raises, int? horizonDays, bool churn) =>
        Phrase((t_sentence ??= new StringBuilder(128)).Clear(), feature, value, horizonDays)
            .Append(Plural(feature, value) ? (raises ? " raise" : " lower") : (raises ? " raises" : " lowers"))
            .Append(churn ? " the churn risk" : " the predicted value").ToString();

    /// <summary>Whether the phrase's subject is plural ("15 repeat orders raise"), so the verb agrees with it.</summary>
    static bool Plural(string feature, object? value)
    {
        if (value is not double number || double.IsNaN(number))
            return false;
        var counted = number > 0 && number != 1;
        return feature switch
        {
            FeatureColumns.Frequency or FeatureColumns.PurchaseDays30 or FeatureColumns.PurchaseDays90 or FeatureColumns.PurchaseDays365
                or FeatureColumns.PurchaseDaysLastHorizon => counted,
            FeatureColumns.Monetary => number != 0,
            FeatureColumns.StdDaysBetweenPurchases => number >= 0,
            DerivedColumns.ExpectedPurchasesColumn => number >= 0 && Math.Round(number, 1) != 1,
            _ => false,
        };
    }

    [ThreadStatic]
    static StringBuilder? t_sentence;

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

    readonly record struct SentenceKey(string Feature, long? NumberBits, string? Category, bool Raises, int? HorizonDays, bool Churn);

    static StringBuilder Phrase(StringBuilder text, string feature, object? value, int? horizonDays)
    {
        if (value is string category)
            return text.Append(Category(feature, category));
        if (value is not double number)
            return text.Append(Name(feature)).Append(" unknown");
        var days = number < 0;
        return feature switch
        {
            FeatureColumns.IsProspect => text.Append(number > 0 ? "no purchase yet" : "having purchased"),
            FeatureColumns.RecencyDays => days ? text.Append("no order yet") : number == 0 ? text.Append("an order today") : text.Append(Inv, $"no order for {number:0} {DayWord(Math.Round(number))}"),
            FeatureColumns.Frequency => number == 0 ? text.Append("no repeat order") : text.Append(Inv, $"{number:0} repeat {OrderWord(number)}"),
            FeatureColumns.TenureDays => days ? text.Append("no first order yet") : text.Append(Inv, $"a first order {number:0} {DayWord(Math.Round(number))} ago"),
            FeatureColumns.Monetary => number == 0 ? text.Append("no repeat spend") : text.Append(Inv, $"repeat orders of {number:0.00} on average"),
            FeatureColumns.FirstTicket => text.Append(Inv, $"a first order of {number:0.00}"),
            FeatureColumns.TotalSpend => text.Append(Inv, $"a total spend of {number:0.00}"),
            FeatureColumns.PurchaseDays30 => Window(text, number, 30),
            FeatureColumns.PurchaseDays90 => Window(text, number, 90),
            FeatureColumns.PurchaseDays365 => Window(text, number, 365),
            FeatureColumns.MeanDaysBetweenPurchases => days ? text.Append("no gap between orders yet") : text.Append(Inv, $"an order every {number:0.#} {DayWord(number)} on average"),
            FeatureColumns.StdDaysBetweenPurchases => days ? text.Append("no gap between orders yet") : text.Append(Inv, $"gaps between orders varying by {number:0.#} days"),
            FeatureColumns.SpendTrend90 => text.Append(number switch
            {
                > 0 => "spending more in the last 90 days than in the 90 before",
                < 0 => "spending less in the last 90 days than in the 90 before",
                _ => "spending the same in the last 90 days as in the 90 before",
            }),
            FeatureColumns.Spend365 => text.Append(Inv, $"a spend of {number:0.00} in the last 365 days"),
            FeatureColumns.SpendLastHorizon => text.Append(Inv, $"a spend of {number:0.00} in ").Append(LastHorizon(horizonDays)),
            FeatureColumns.PurchaseDaysLastHorizon => number == 0 ? text.Append("no order in ").Append(LastHorizon(horizonDays))
                : text.Append(Inv, $"{number:0} {OrderWord(number)} in ").Append(LastHorizon(horizonDays)),
            FeatureColumns.RecencyOverMeanGap => days ? text.Append("no rhythm of orders yet") : text.Append(Inv, $"a silence {number:0.#} times the usual gap between orders"),
            FeatureColumns.DaysSinceSignup => days ? text.Append("an unknown signup date") : text.Append(Inv, $"signed up {number:0} {DayWord(Math.Round(number))} ago"),
            // Derived columns: -1 marks a customer the model behind them cannot score (a prospect).
            DerivedColumns.HistoricValueColumn => text.Append(Inv, $"a past buying pace worth {number:0.00} over the horizon"),
            DerivedColumns.ProbabilityAliveColumn => days ? text.Append("no purchase pattern yet") : text.Append(Inv, $"a {number:0%} chance of still being an active customer"),
            DerivedColumns.ExpectedPurchasesColumn => days ? text.Append("no purchase pattern yet") : text.Append(Inv, $"{number:0.#} {(Math.Round(number, 1) == 1 ? "order" : "orders")} expected from the purchase pattern"),
            DerivedColumns.ExpectedSpendColumn => days ? text.Append("no purchase pattern yet") : text.Append(Inv, $"{number:0.00} expected from the purchase pattern"),
            _ => double.IsNaN(number) ? text.Append(Name(feature)).Append(" unknown") : text.Append(Inv, $"{Name(feature)} of {number:0.##}"),
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

    static StringBuilder Window(StringBuilder text, double count, int days) =>
        count == 0 ? text.Append(Inv, $"no order in the last {days} days") : text.Append(Inv, $"{count:0} {OrderWord(count)} in the last {days} days");

    static string OrderWord(double n) => n == 1 ? "order" : "orders";

    /// <summary>"1 day", "1.5 days": the number as the sentence shows it decides.</summary>
    static string DayWord(double n) => Math.Round(n, 1) == 1 ? "day" : "days";

    static string LastHorizon(int? horizonDays) =>
        horizonDays is { } days ? string.Create(Inv, $"the last {days} {(days == 1 ? "day" : "days")}") : "the last horizon-length period";
}
