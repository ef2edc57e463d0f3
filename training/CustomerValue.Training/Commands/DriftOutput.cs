using System.CommandLine;
using System.Globalization;
using CustomerValue.Core.Monitoring;

namespace CustomerValue.Training.Commands;

/// <summary>The drift options and lines <c>cvml score</c> and <c>cvml drift</c> share.</summary>
internal static class DriftOutput
{
    public static readonly Option<double> WatchOption = new("--drift-watch")
    {
        Description = "PSI (or unseen-category share) from which a column is flagged 'watch'",
        DefaultValueFactory = _ => DriftThresholds.Default.Watch,
    };

    public static readonly Option<double> ActOption = new("--drift-act")
    {
        Description = "PSI (or unseen-category share) from which a column is flagged 'act'",
        DefaultValueFactory = _ => DriftThresholds.Default.Act,
    };

    public static readonly Option<int> TopOption = new("--drift-top")
    {
        Description = "How many of the inputs that moved most to list",
        DefaultValueFactory = _ => 5,
    };

    /// <exception cref="ArgumentException">The thresholds make no sense, naming the options.</exception>
    public static DriftThresholds Thresholds(ParseResult parse)
    {
        var thresholds = new DriftThresholds { Watch = parse.GetValue(WatchOption), Act = parse.GetValue(ActOption) };
        var problems = thresholds.Validate();
        if (problems.Count > 0)
            throw new ArgumentException(string.Join(" ", problems).Replace("Drift:Watch", "--drift-watch").Replace("Drift:Act", "--drift-act"));
        return thresholds;
    }

    /// <summary>How many inputs to list; below 0, a <see cref="FormatException"/> naming the option.</summary>
    public static int Top(ParseResult parse) => OptionValues.AtLeast(parse, TopOption, 0);

    public const string NoBaseline =
        "drift    not measured: the model bundle has no drift baseline (drift-baseline.json); bundles trained by this cvml have one";

    public static void Print(TextWriter output, DriftReport report, int top)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv,
            $"drift    {Word(report.Level)} against the customers as of {report.BaselineAsOf:yyyy-MM-dd} when the model was trained ({report.BaselineRows:N0} customers; PSI watch {report.Thresholds.Watch:0.###}, act {report.Thresholds.Act:0.###})"));
        var moved = report.MovedMost(top).ToList();
        // As wide as the longest name: a customers file's attribute (attr_subscription.billing_period_unit) is longer than 28.
        var width = moved.Select(c => c.Name.Length).Concat(report.Predictions.Select(c => "prediction ".Length + c.Name.Length)).Append(28).Max();
        output.WriteLine(string.Create(inv, $"  {"input moved most".PadRight(width)} {"PSI",8} {"unseen",8}  level"));
        foreach (var column in moved)
            output.WriteLine(string.Create(inv, $"  {column.Name.PadRight(width)} {column.Psi,8:0.0000} {Unseen(column),8}  {Word(column.Level)}"));
        foreach (var column in report.Predictions)
            output.WriteLine(string.Create(inv, $"  {("prediction " + column.Name).PadRight(width)} {column.Psi,8:0.0000} {"",8}  {Word(column.Level)}"));
        var flagged = report.Flagged;
        if (flagged.Count > 0)
            output.WriteLine("  flagged: " + string.Join(", ", flagged.Select(c => $"{c.Name} ({Word(c.Level)})")));
    }

    static string Unseen(ColumnDrift column) =>
        column.UnseenShare is { } share ? share.ToString("P1", CultureInfo.InvariantCulture) : "";

    public static string Word(DriftLevel level) => level switch
    {
        DriftLevel.Act => "ACT",
        DriftLevel.Watch => "watch",
        _ => "stable",
    };
}
