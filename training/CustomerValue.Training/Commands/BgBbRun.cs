using System.Globalization;
using System.Text.Json;
using CustomerValue.Core.Btyd;

namespace CustomerValue.Training.Commands;

/// <summary>
/// What <c>cvml btyd --model bgbb</c> prints: the BG/BB fit (FHS 2010) with standard errors, and per pattern
/// P(alive at the next opportunity) and the expected transactions over the next opportunities, with the in-sample
/// fit of P(X(n) = x) when every customer had the same number of opportunities.
/// </summary>
internal static class BgBbRun
{
    public sealed record Input(string Source, RepeatOpportunities[] Patterns, double[] Customers, IReadOnlyList<string> Notes);

    public static BgBb Fit(Input input, BtydFitOptions options) => BgBb.Fit(input.Patterns, input.Customers, options);

    public static void Print(TextWriter output, Input input, BgBb model, int future)
    {
        var d = model.Diagnostics;
        output.WriteLine(Invariant($"patterns: {input.Source}: {input.Patterns.Length} distinct (x, tx, n) patterns, {input.Customers.Sum():0} customers"));
        foreach (var note in input.Notes)
            output.WriteLine($"note: {note}");
        output.WriteLine();
        output.WriteLine(Invariant($"BG/BB: {(d.Converged ? "converged" : "DID NOT CONVERGE")} after {d.Iterations} iterations in {d.Elapsed.TotalSeconds:0.000} s"));
        if (!d.Converged)
            output.WriteLine($"  optimizer: {d.Message}");
        output.WriteLine($"  {"parameter",-10} {"estimate",12} {"std. error",12}");
        foreach (var (name, value) in model.Parameters)
            output.WriteLine(Invariant($"  {name,-10} {value,12:0.0000} {model.StandardErrors.GetValueOrDefault(name, double.NaN),12:0.0000}"));
        output.WriteLine(Invariant($"  log-likelihood {model.LogLikelihood:0.00}"));
        foreach (var warning in d.Warnings)
            output.WriteLine($"  warning: {warning}");

        output.WriteLine();
        output.WriteLine(Invariant($"  {"x",3} {"tx",3} {"n",3} {"customers",10} {"P(alive n+1)",13} {$"E[X next {future}]",14}"));
        var total = 0.0;
        for (var i = 0; i < input.Patterns.Length; i++)
        {
            var p = input.Patterns[i];
            var expected = model.ExpectedTransactions(future, p);
            total += input.Customers[i] * expected;
            output.WriteLine(Invariant($"  {p.Frequency,3} {p.Recency,3} {p.Opportunities,3} {input.Customers[i],10:0} {model.ProbabilityAlive(p),13:0.0000} {expected,14:0.0000}"));
        }

        output.WriteLine(Invariant($"  expected transactions over the next {future} opportunities, all customers: {total:0.0}"));
        if (InSampleFit(input, model) is { } fit)
        {
            output.WriteLine();
            output.WriteLine(Invariant($"  in-sample fit over n = {fit.N} (FHS 2010 fig. 2): customers by repeat transactions"));
            output.WriteLine($"  {"x",3} {"actual",10} {"expected",10}");
            foreach (var row in fit.Rows)
                output.WriteLine(Invariant($"  {row.X,3} {row.Actual,10:0} {row.Expected,10:0.0}"));
        }
    }

    public static Dictionary<string, object?> Describe(Input input, BgBb model, int future) => new()
    {
        ["source"] = input.Source,
        ["notes"] = input.Notes,
        ["customers"] = input.Customers.Sum(),
        ["model"] = new Dictionary<string, object?>
        {
            ["name"] = "BG/BB",
            ["parameters"] = model.Parameters,
            ["standardErrors"] = model.StandardErrors.ToDictionary(p => p.Key, p => Number(p.Value)),
            ["logLikelihood"] = Number(model.LogLikelihood),
            ["fitSeconds"] = model.Diagnostics.Elapsed.TotalSeconds,
            ["converged"] = model.Diagnostics.Converged,
            ["iterations"] = model.Diagnostics.Iterations,
            ["warnings"] = model.Diagnostics.Warnings,
        },
        ["futureOpportunities"] = future,
        ["patterns"] = input.Patterns.Select((p, i) => new Dictionary<string, object?>
        {
            ["frequency"] = p.Frequency,
            ["recency"] = p.Recency,
            ["opportunities"] = p.Opportunities,
            ["customers"] = input.Customers[i],
            ["probabilityAlive"] = model.ProbabilityAlive(p),
            ["expectedTransactions"] = model.ExpectedTransactions(future, p),
        }),
        ["inSampleFit"] = InSampleFit(input, model) is { } fit
            ? fit.Rows.Select(r => new Dictionary<string, object?> { ["frequency"] = r.X, ["actual"] = r.Actual, ["expected"] = r.Expected })
            : null,
    };

    public static string Json(Dictionary<string, object?> value) =>
        JsonSerializer.Serialize(value, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true });

    sealed record FitRow(int X, double Actual, double Expected);

    sealed record InSample(int N, IReadOnlyList<FitRow> Rows);

    static InSample? InSampleFit(Input input, BgBb model)
    {
        var n = input.Patterns[0].Opportunities;
        if (input.Patterns.Any(p => p.Opportunities != n))
            return null;
        var total = input.Customers.Sum();
        var rows = Enumerable.Range(0, n + 1).Select(x => new FitRow(x,
            input.Patterns.Select((p, i) => p.Frequency == x ? input.Customers[i] : 0).Sum(),
            total * model.ProbabilityOfTransactions(x, n))).ToList();
        return new InSample(n, rows);
    }

    static double? Number(double value) => double.IsFinite(value) ? value : null;

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
