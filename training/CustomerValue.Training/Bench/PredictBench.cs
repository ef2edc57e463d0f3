using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Lifecycle;
using CustomerValue.Core.Models;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Scoring;
using CustomerValue.Core.Serving;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Training.Bench;

/// <summary>
/// <c>cvml bench predict</c>: the in-process cost of one prediction, stage by stage (feature
/// snapshot, derived BTYD columns, the whole bundle with and without explanation, the full score
/// with lifecycle and RFM), in microseconds per call on one thread: where an API request's time goes
/// before HTTP and JSON. The bundle is loaded twice, with compiled trees and with engines, and the
/// model stages are reported for both with the engine/compiled ratio.
/// </summary>
public static class PredictBench
{
    static readonly Option<string> ModelOption = new("--model") { Description = "Bundle folder, models folder or models/current", DefaultValueFactory = _ => "models/current" };
    static readonly Option<int> IterationsOption = new("--iterations") { Description = "Calls per measurement", DefaultValueFactory = _ => 20_000 };
    static readonly Option<int> RepeatOption = new("--repeat") { Description = "Measurements per stage; the median is reported", DefaultValueFactory = _ => 5 };

    public static Command Create()
    {
        var command = new Command("predict", "Microseconds per prediction, stage by stage, in-process on one thread") { ModelOption, IterationsOption, RepeatOption };
        command.SetAction((parse, _) => Task.FromResult(Run(parse.InvocationConfiguration.Output,
            parse.GetValue(ModelOption)!, parse.GetValue(IterationsOption), parse.GetValue(RepeatOption))));
        return command;
    }

    static int Run(TextWriter output, string model, int iterations, int repeat)
    {
        var folder = ModelPointer.ResolveBundle(model);
        using var lease = ModelFolder.Load(folder, ModelBundle.Loader(ModelEvaluator.Compiled));
        using var engineLease = ModelFolder.Load(folder, ModelBundle.Loader(ModelEvaluator.Engine));
        var bundle = lease.Bundle;
        var engine = engineLease.Bundle;
        var asOf = bundle.Card.Cutoff;
        var profile = new CustomerProfile("bench") { PostalCode = "10115", Device = "ios", Channel = "organic", SignupDate = asOf.AddDays(-400) };
        List<Transaction> history = [.. Enumerable.Range(0, 8).Select(i => new Transaction("bench", asOf.AddDays(-390 + (i * 45)).ToDateTime(TimeOnly.MinValue), 40 + (i * 5)))];
        var row = FeatureBuilder.Snapshot(profile, history, asOf, bundle.FeatureOptions);
        var scorer = new CustomerScorer(new LifecycleOptions());
        var derived = bundle.Derived;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"predict bench: model {lease.Info.Version}, {iterations:N0} calls × {repeat}, one thread, median µs per call"));
        output.WriteLine("  evaluators: " + string.Join(", ", bundle.Evaluations.Select(e => $"{e.Model} {e.Evaluator}{(e.FallbackReason is null ? "" : $" ({e.FallbackReason})")}")));
        Measure(output, "feature snapshot", iterations, repeat, () => FeatureBuilder.Snapshot(profile, history, asOf, bundle.FeatureOptions));
        Measure(output, "derived (BTYD) columns", iterations, repeat, () => derived.Derive(row));
        Measure(output, "vectorize", iterations, repeat, () => bundle.Vectorizer.Vectorize(row, derived.Derive(row).Values));
        var prediction = bundle.Predict(row, explain: false);
        var rules = new LifecycleRules(new LifecycleOptions());
        Measure(output, "lifecycle rules", iterations, repeat, () => rules.Assess(LifecycleSignals.From(row, prediction, prediction.ExpectedPurchases ?? 0, row.Channel)));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"",-34} {"engine",9} {"compiled",9} {"ratio",7}"));
        Compare(output, "bundle.Predict (no explanation)", iterations, repeat, () => engine.Predict(row, explain: false), () => bundle.Predict(row, explain: false));
        Compare(output, "bundle.Predict (explained)", iterations, repeat, () => engine.Predict(row, explain: true), () => bundle.Predict(row, explain: true));
        Compare(output, "bundle.Explain", iterations, repeat, () => engine.Explain(row), () => bundle.Explain(row));
        Compare(output, "score (no explanation)", iterations, repeat, () => scorer.Score(engine, row, explain: false), () => scorer.Score(bundle, row, explain: false));
        Compare(output, "score (explained)", iterations, repeat, () => scorer.Score(engine, row, explain: true), () => scorer.Score(bundle, row, explain: true));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):0} MiB"));
        return ExitCodes.Ok;
    }

    static void Compare(TextWriter output, string name, int iterations, int repeat, Func<object> engine, Func<object> compiled)
    {
        var engineMedian = Median(iterations, repeat, engine);
        var compiledMedian = Median(iterations, repeat, compiled);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-34} {engineMedian,9:0.00} {compiledMedian,9:0.00} {engineMedian / compiledMedian,6:0.0}×"));
    }

    static void Measure(TextWriter output, string name, int iterations, int repeat, Func<object> call) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-34} {Median(iterations, repeat, call),9:0.00} µs"));

    static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    static double Median(int iterations, int repeat, Func<object> call)
    {
        // Time-based warm-up: tiered compilation promotes hot methods after a delay, not a call count,
        // so a fixed number of calls can leave the first stages timed on unoptimised code.
        var warming = Stopwatch.StartNew();
        do
            call();
        while (warming.Elapsed < WarmUp);
        var samples = new List<double>();
        for (var r = 0; r < repeat; r++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++)
                call();
            samples.Add(clock.Elapsed.TotalMicroseconds / iterations);
        }
        samples.Sort();
        return samples[samples.Count / 2];
    }
}
