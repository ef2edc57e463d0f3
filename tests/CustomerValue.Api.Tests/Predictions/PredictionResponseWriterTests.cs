using System.Buffers;
using System.Text;
using System.Text.Json;
using CustomerValue.Api.Infrastructure;
using CustomerValue.Api.Predictions;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Segmentation;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Tests.Predictions;

public sealed class PredictionResponseWriterTests
{
    const string Alphabet = "abcXYZ 09.,;:-_/'\"\\<>&+`×−é€\n\t\u0001\u007f";

    [Fact]
    public void WriterWritesByteForByteWhatTheSerializerWrites()
    {
        var (options, writer) = ApiJson();
        var random = new Random(7);
        var output = new ArrayBufferWriter<byte>();
        var mismatches = new List<string>();

        for (var i = 0; i < 5_000 && mismatches.Count < 3; i++)
        {
            var response = RandomResponse(random);
            output.ResetWrittenCount();
            writer.Write(output, response);
            var expected = JsonSerializer.Serialize(response, options);
            var actual = Encoding.UTF8.GetString(output.WrittenSpan);
            if (actual != expected)
                mismatches.Add($"serializer {expected}\nwriter     {actual}");
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public void AnswersFromTheScorerAreWrittenWithoutTheGeneralNumberCode()
    {
        // The rounded figures a real answer holds all take the short path: the writer is not the serializer in disguise.
        var response = RandomResponse(new Random(3)) with
        {
            PredictedValue = 138.32, ValueInterval = new ValueInterval(0, 331.87), ChurnProbability = 0.156, ProbabilityAlive = 0.9081,
            ExpectedNextOrderDate = new DateOnly(2025, 5, 1), ExpectedOrders = 1.62, MaxAcquisitionCost = 41.49, ValueAtStake = 21.58,
        };
        var output = new ArrayBufferWriter<byte>();

        ApiJson().Writer.Write(output, response);

        var json = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.Contains("\"predictedValue\":138.32,\"valueInterval\":{\"p10\":0,\"p90\":331.87},\"churnProbability\":0.156,\"probabilityAlive\":0.9081,\"expectedNextOrderDate\":\"2025-05-01\",\"expectedOrders\":1.62", json);
    }

    /// <summary>The HTTP JSON options and the writer exactly as the API registers them.</summary>
    static (JsonSerializerOptions Options, PredictionResponseWriter Writer) ApiJson()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddApiDefaults();
        builder.AddPredictions();
        using var services = builder.Services.BuildServiceProvider();
        return (services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions, services.GetRequiredService<PredictionResponseWriter>());
    }

    static PredictionResponse RandomResponse(Random random) => new(
        Maybe(random, () => Text(random)),
        Text(random),
        DateOnly.FromDayNumber(random.Next(0, 3_000_000)),
        random.Next(-5, 5000),
        Number(random),
        new ValueInterval(Number(random), Number(random)),
        Number(random),
        random.Next(3) == 0 ? null : Number(random),
        random.Next(3) == 0 ? null : DateOnly.FromDayNumber(random.Next(0, 3_000_000)),
        Number(random),
        (LifecycleStage)random.Next(0, 5),
        Text(random),
        random.Next(3) == 0 ? null : (RfmSegment)random.Next(0, Enum.GetValues<RfmSegment>().Length),
        [.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => new RecommendationResponse(Text(random), Text(random), Number(random)))],
        Number(random),
        Number(random),
        random.Next(3) == 0 ? null : [.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => new ExplanationItem(Text(random),
            random.Next(3) switch { 0 => null, 1 => Text(random), _ => Number(random) }, Number(random), Text(random)))],
        [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => new PredictionWarning(Text(random), Maybe(random, () => Text(random)), Text(random)))]);

    static string? Maybe(Random random, Func<string> make) => random.Next(4) == 0 ? null : make();

    /// <summary>Sentences of safe, escaped and non-ASCII characters, now and then a surrogate pair or a lone surrogate.</summary>
    static string Text(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => random.Next(40) switch
        {
            0 => ((char)random.Next(0x80, 0xD800)).ToString(),
            1 => ((char)random.Next(0xE000, 0x10000)).ToString(),
            2 => random.Next(10) == 0 ? "\uD800" : "😀",
            3 => ((char)random.Next(0, 128)).ToString(),
            _ => Alphabet[random.Next(Alphabet.Length)].ToString(),
        }));

    /// <summary>Rounded figures as the scorer makes them, and every awkward double beside them.</summary>
    static double Number(Random random) => random.Next(10) switch
    {
        0 => random.NextDouble() * 1000,
        1 => -Math.Round(random.NextDouble() * 1000, random.Next(0, 7)),
        2 => random.Next(5) switch { 0 => 0.0, 1 => -0.0, 2 => 1e15, 3 => 1e-7, _ => double.MaxValue },
        3 => Math.Round(Math.Pow(10, (random.NextDouble() * 24) - 8), random.Next(0, 7)),
        _ => Math.Round(random.NextDouble() * Math.Pow(10, random.Next(0, 7)), random.Next(0, 7)),
    };
}
