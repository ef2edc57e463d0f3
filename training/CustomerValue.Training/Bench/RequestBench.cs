using System.Buffers;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CustomerValue.Api.Infrastructure;
using CustomerValue.Api.Predictions;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Models.Training;
using CustomerValue.Core.Serving;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CustomerValue.Training.Bench;

/// <summary>
/// <c>cvml bench request</c>: the in-process cost of one <c>POST /v1/predictions</c> handler, from the
/// request body's bytes to the response body's bytes (read JSON, validate, snapshot, score, lifecycle,
/// explanation, write JSON), against the tree models alone on the same customer: the difference is
/// what the request path adds outside the models. Uses the API's own services, JSON options and request
/// reader (<see cref="PredictionRequestReader"/>), and compares the reader with JsonSerializer.
/// </summary>
public static class RequestBench
{
    /// <summary>The body <c>.ci/bench-api.sh</c> posts: a returning customer with five orders.</summary>
    const string Body = """
        {"customerId":"C-0042","asOf":"2025-03-31","profile":{"postalCode":"10472","device":"android","channel":"organic","newsletter":false,"signupDate":"2023-10-01"},"history":{"orders":[{"date":"2023-10-02","amount":52.10},{"date":"2024-01-15","amount":61.00},{"date":"2024-05-20","amount":47.35},{"date":"2024-09-03","amount":75.00},{"date":"2025-01-28","amount":58.20}]}}
        """;

    static readonly Option<string> ModelOption = new("--model") { Description = "Bundle folder, models folder or models/current", DefaultValueFactory = _ => "models/current" };
    static readonly Option<int> IterationsOption = new("--iterations") { Description = "Calls per measurement", DefaultValueFactory = _ => 20_000 };
    static readonly Option<int> RepeatOption = new("--repeat") { Description = "Measurements per stage; the median (and the fastest) is reported", DefaultValueFactory = _ => 5 };
    static readonly Option<double> WarmUpOption = new("--warm-up") { Description = "Seconds of calls before the first timing, for tiered compilation to settle", DefaultValueFactory = _ => 3 };

    public static Command Create()
    {
        foreach (var option in new[] { IterationsOption, RepeatOption })
        {
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() < 1)
                    result.AddError($"{option.Name} must be at least 1.");
            });
        }
        WarmUpOption.Validators.Add(result =>
        {
            if (!(result.GetValueOrDefault<double>() >= 0))
                result.AddError("--warm-up must be at least 0 seconds.");
        });
        var command = new Command("request", "Microseconds per POST /v1/predictions handler, body bytes to body bytes, against the models alone")
        {
            ModelOption, IterationsOption, RepeatOption, WarmUpOption,
        };
        command.SetAction((parse, _) => Task.FromResult(Run(parse.InvocationConfiguration.Output,
            parse.GetValue(ModelOption)!, parse.GetValue(IterationsOption), parse.GetValue(RepeatOption),
            TimeSpan.FromSeconds(parse.GetValue(WarmUpOption)))));
        return command;
    }

    static int Run(TextWriter output, string model, int iterations, int repeat, TimeSpan warmUp)
    {
        using var lease = ModelFolder.Load(ModelPointer.ResolveBundle(model), ModelBundle.Load);
        using var services = ApiServices();
        var scorer = services.GetRequiredService<PredictionScorer>();
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var requestType = json.GetTypeInfo(typeof(PredictionRequest));
        var responseType = json.GetTypeInfo(typeof(PredictionResponse));
        var responseWriter = services.GetRequiredService<PredictionResponseWriter>();
        var body = Encoding.UTF8.GetBytes(Body);
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using var writer = new Utf8JsonWriter(buffer);

        if (!PredictionRequestReader.TryRead(body, json, out var request))
        {
            output.WriteLine("request bench: the request reader's fast path gives up on the benchmark body; the endpoint would read it with JsonSerializer.");
            return ExitCodes.BadInput;
        }
        var check = scorer.Score(lease, request, explain: true);
        if (check.Response is not { } response)
        {
            output.WriteLine($"request bench: the benchmark body does not score with model {lease.Info.Version}: " +
                string.Join("; ", check.Errors!.Select(e => $"{e.Key} {string.Join(" ", e.Value)}")));
            return ExitCodes.BadInput;
        }
        // The same customer as the body, for the models on their own.
        var profile = new CustomerProfile("C-0042")
        {
            PostalCode = "10472", Device = "android", Channel = "organic", Newsletter = false, SignupDate = new DateOnly(2023, 10, 1),
        };
        List<Transaction> history = [.. request.History!.Orders!.Select(o => new Transaction("C-0042", o!.Date!.Value.ToDateTime(TimeOnly.MinValue), o.Amount!.Value))];
        var row = FeatureBuilder.Snapshot(profile, history, request.AsOf!.Value, lease.Bundle.FeatureOptions);

        // What the endpoint writes with, and System.Text.Json's serializer for comparison.
        object Write(PredictionResponse value)
        {
            buffer.ResetWrittenCount();
            responseWriter.Write(buffer, value);
            return buffer;
        }

        object Serialize(PredictionResponse value)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            JsonSerializer.Serialize(writer, value, responseType);
            return buffer;
        }

        object Handle(bool explain)
        {
            var parsed = PredictionRequestReader.Read(body, json)!;
            return Write(scorer.Score(lease, parsed, explain).Response!);
        }

        // Every path hot before the first timing: tiered compilation of the whole handler (ML.NET included)
        // takes seconds on a busy machine, and a stage timed meanwhile would measure tier-0 code.
        var warming = Stopwatch.StartNew();
        while (warming.Elapsed < warmUp)
        {
            Handle(explain: true);
            Handle(explain: false);
            // The serializer's paths too, so the comparisons below set tier-1 code against tier-1 code.
            JsonSerializer.Deserialize(body, requestType);
            Serialize(response);
        }
        var stageWarmUp = warmUp / 15;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"request bench: model {lease.Info.Version}, {iterations:N0} calls × {repeat}, one thread, body of {body.Length} bytes, " +
            $"a {response.LifecycleStage} customer with {response.Recommendations.Count} recommendations"));
        var reader = Measure(output, "read request JSON", iterations, repeat, stageWarmUp, () => PredictionRequestReader.Read(body, json)!);
        var deserialized = Measure(output, "  the same with JsonSerializer", iterations, repeat, stageWarmUp, () => JsonSerializer.Deserialize(body, requestType)!);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  request reader / JsonSerializer: {reader.Micros / deserialized.Micros:0.00}x time, {reader.Bytes:0} B against {deserialized.Bytes:0} B allocated"));
        var written = Measure(output, "write response JSON (explained)", iterations, repeat, stageWarmUp, () => Write(response));
        var serialized = Measure(output, "  the same with JsonSerializer", iterations, repeat, stageWarmUp, () => Serialize(response));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  response writer / JsonSerializer: {written.Micros / serialized.Micros:0.00}x time, {written.Bytes:0} B against {serialized.Bytes:0} B allocated"));
        var plain = Measure(output, "score (explain=false)", iterations, repeat, stageWarmUp, () => scorer.Score(lease, request, explain: false));
        var explained = Measure(output, "score (explained)", iterations, repeat, stageWarmUp, () => scorer.Score(lease, request, explain: true));
        var modelsPlain = Measure(output, "models alone (explain=false)", iterations, repeat, stageWarmUp, () => lease.Bundle.Predict(row, explain: false));
        var modelsExplained = Measure(output, "models alone (explained)", iterations, repeat, stageWarmUp, () => lease.Bundle.Predict(row, explain: true));
        var handlerPlain = Measure(output, "handler, bytes to bytes (explain=false)", iterations, repeat, stageWarmUp, () => Handle(explain: false));
        var handlerExplained = Measure(output, "handler, bytes to bytes (explained)", iterations, repeat, stageWarmUp, () => Handle(explain: true));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"outside the models: {handlerPlain.Micros - modelsPlain.Micros:0.00} µs (explain=false), {handlerExplained.Micros - modelsExplained.Micros:0.00} µs (explained); " +
            $"score without JSON: {plain.Micros - modelsPlain.Micros:0.00} µs, {explained.Micros - modelsExplained.Micros:0.00} µs"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"handler / models alone: {handlerPlain.Micros / modelsPlain.Micros:0.00}x (explain=false), {handlerExplained.Micros / modelsExplained.Micros:0.00}x (explained); " +
            $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):0} MiB"));
        return ExitCodes.Ok;
    }

    /// <summary>The API's prediction services and HTTP JSON options, registered as Program.cs registers them.</summary>
    static ServiceProvider ApiServices()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddApiDefaults();
        builder.AddPredictions();
        return builder.Services.BuildServiceProvider();
    }

    static Sample Measure(TextWriter output, string name, int iterations, int repeat, TimeSpan warmUp, Func<object> call)
    {
        var warming = Stopwatch.StartNew();
        do
            call();
        while (warming.Elapsed < warmUp);
        var samples = new List<double>();
        var bytes = new List<double>();
        for (var r = 0; r < repeat; r++)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++)
                call();
            samples.Add(clock.Elapsed.TotalMicroseconds / iterations);
            bytes.Add((GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)iterations);
        }
        samples.Sort();
        bytes.Sort();
        var sample = new Sample(samples[samples.Count / 2], bytes[bytes.Count / 2]);
        // The fastest run too: on a shared machine it is the one least cut into by other processes.
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-42} {sample.Micros,9:0.00} µs (fastest {samples[0],6:0.00}) {sample.Bytes,7:0} B allocated"));
        return sample;
    }

    readonly record struct Sample(double Micros, double Bytes);
}
