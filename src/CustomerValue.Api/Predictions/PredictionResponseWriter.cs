using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Predictions;

/// <summary>
/// Writes a <see cref="PredictionResponse"/> as JSON, byte for byte what System.Text.Json writes under the API's
/// HTTP JSON options (PredictionResponseWriterTests compares them), in under half the time.
/// </summary>
/// <remarks>
/// The serializer's cost on this answer was mostly its numbers, each going through the general
/// shortest-round-trip search, and a writer call per token. Here the structure is literal UTF-8, the numbers
/// (rounded to cents or a few decimals before they get here) come from <see cref="Core.Formatting.ShortestNumber"/>,
/// and a string goes out as its UTF-8 bytes when the options' encoder finds nothing in it to escape.
/// A number or string they cannot vouch for, or a value of an unexpected type, is written by a
/// <see cref="Utf8JsonWriter"/> or the serializer, so the output never differs. Indented output is left to
/// the serializer.
/// </remarks>
public sealed class PredictionResponseWriter
{
    /// <summary>Decimals RequestPredictor rounds to: money, probabilities, order counts, contributions.</summary>
    const int MoneyDecimals = 2, ProbabilityDecimals = 4, ContributionDecimals = 6;

    [ThreadStatic]
    static JsonText? t_text;

    readonly JsonSerializerOptions _options;
    readonly bool _literal;
    readonly JsonWriterOptions _strings;
    readonly Dictionary<Core.Domain.LifecycleStage, byte[]> _stages;
    readonly Dictionary<Core.Segmentation.RfmSegment, byte[]> _segments;

    public PredictionResponseWriter(IOptions<JsonOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.SerializerOptions;
        _literal = !_options.WriteIndented;
        _strings = new JsonWriterOptions { Encoder = _options.Encoder, SkipValidation = true };
        _stages = EnumNames<Core.Domain.LifecycleStage>(_options);
        _segments = EnumNames<Core.Segmentation.RfmSegment>(_options);
    }

    /// <summary>Writes the response to <paramref name="output"/> (e.g. the HTTP response's body pipe).</summary>
    public void Write(IBufferWriter<byte> output, PredictionResponse response)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Format(response));
    }

    /// <summary>
    /// The response as JSON, whole, so its length is known before a byte is sent. The bytes are this thread's
    /// buffer: valid until the thread's next call, which is why the span cannot outlive a synchronous caller.
    /// </summary>
    public ReadOnlySpan<byte> Format(PredictionResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!_literal)
            return JsonSerializer.SerializeToUtf8Bytes(response, _options);
        // One buffer per thread: the write is synchronous, so no other request can hold it.
        var text = t_text ??= new JsonText();
        text.Clear();
        Write(text, response);
        return text.Written;
    }

    void Write(JsonText j, PredictionResponse r)
    {
        j.Raw("{\"customerId\":"u8);
        j.String(r.CustomerId, _strings);
        j.Raw(",\"modelVersion\":"u8);
        j.String(r.ModelVersion, _strings);
        j.Raw(",\"asOf\":"u8);
        j.Date(r.AsOf);
        j.Raw(",\"horizonDays\":"u8);
        j.Integer(r.HorizonDays);
        j.Raw(",\"predictedValue\":"u8);
        j.Number(r.PredictedValue, MoneyDecimals);
        j.Raw(",\"valueInterval\":"u8);
        if (r.ValueInterval is { } interval)
        {
            j.Raw("{\"p10\":"u8);
            j.Number(interval.P10, MoneyDecimals);
            j.Raw(",\"p90\":"u8);
            j.Number(interval.P90, MoneyDecimals);
            j.Raw("}"u8);
        }
        else
        {
            j.Null();
        }
        j.Raw(",\"churnProbability\":"u8);
        j.Number(r.ChurnProbability, ProbabilityDecimals);
        j.Raw(",\"probabilityAlive\":"u8);
        if (r.ProbabilityAlive is { } alive)
            j.Number(alive, ProbabilityDecimals);
        else
            j.Null();
        j.Raw(",\"expectedNextOrderDate\":"u8);
        if (r.ExpectedNextOrderDate is { } next)
            j.Date(next);
        else
            j.Null();
        j.Raw(",\"expectedOrders\":"u8);
        j.Number(r.ExpectedOrders, MoneyDecimals);
        j.Raw(",\"lifecycleStage\":"u8);
        Enum(j, _stages, r.LifecycleStage);
        j.Raw(",\"lifecycleReason\":"u8);
        j.String(r.LifecycleReason, _strings);
        j.Raw(",\"rfmSegment\":"u8);
        if (r.RfmSegment is { } segment)
            Enum(j, _segments, segment);
        else
            j.Null();
        j.Raw(",\"recommendations\":"u8);
        WriteRecommendations(j, r.Recommendations);
        j.Raw(",\"maxAcquisitionCost\":"u8);
        j.Number(r.MaxAcquisitionCost, MoneyDecimals);
        j.Raw(",\"valueAtStake\":"u8);
        j.Number(r.ValueAtStake, MoneyDecimals);
        j.Raw(",\"explanation\":"u8);
        WriteExplanation(j, r.Explanation);
        j.Raw(",\"warnings\":"u8);
        WriteWarnings(j, r.Warnings);
        j.Raw("}"u8);
    }

    void WriteRecommendations(JsonText j, IReadOnlyList<RecommendationResponse>? recommendations)
    {
        if (recommendations is null)
        {
            j.Null();
            return;
        }
        j.Raw("["u8);
        for (var i = 0; i < recommendations.Count; i++)
        {
            if (i > 0)
                j.Raw(","u8);
            if (recommendations[i] is not { } recommendation)
            {
                j.Null();
                continue;
            }
            j.Raw("{\"action\":"u8);
            j.String(recommendation.Action, _strings);
            j.Raw(",\"reason\":"u8);
            j.String(recommendation.Reason, _strings);
            j.Raw(",\"maxSpend\":"u8);
            j.Number(recommendation.MaxSpend, MoneyDecimals);
            j.Raw("}"u8);
        }
        j.Raw("]"u8);
    }

    void WriteExplanation(JsonText j, IReadOnlyList<ExplanationItem>? explanation)
    {
        if (explanation is null)
        {
            j.Null();
            return;
        }
        j.Raw("["u8);
        for (var i = 0; i < explanation.Count; i++)
        {
            if (i > 0)
                j.Raw(","u8);
            if (explanation[i] is not { } item)
            {
                j.Null();
                continue;
            }
            j.Raw("{\"feature\":"u8);
            j.String(item.Feature, _strings);
            j.Raw(",\"value\":"u8);
            switch (item.Value)
            {
                case null:
                    j.Null();
                    break;
                case double number:
                    j.Number(number, ProbabilityDecimals);
                    break;
                case string text:
                    j.String(text, _strings);
                    break;
                default:
                    j.Raw(JsonSerializer.SerializeToUtf8Bytes(item.Value, item.Value.GetType(), _options));
                    break;
            }
            j.Raw(",\"contribution\":"u8);
            j.Number(item.Contribution, ContributionDecimals);
            j.Raw(",\"text\":"u8);
            j.String(item.Text, _strings);
            j.Raw("}"u8);
        }
        j.Raw("]"u8);
    }

    void WriteWarnings(JsonText j, IReadOnlyList<PredictionWarning>? warnings)
    {
        if (warnings is null)
        {
            j.Null();
            return;
        }
        j.Raw("["u8);
        for (var i = 0; i < warnings.Count; i++)
        {
            if (i > 0)
                j.Raw(","u8);
            if (warnings[i] is not { } warning)
            {
                j.Null();
                continue;
            }
            j.Raw("{\"code\":"u8);
            j.String(warning.Code, _strings);
            j.Raw(",\"field\":"u8);
            j.String(warning.Field, _strings);
            j.Raw(",\"message\":"u8);
            j.String(warning.Message, _strings);
            j.Raw("}"u8);
        }
        j.Raw("]"u8);
    }

    void Enum<T>(JsonText j, Dictionary<T, byte[]> names, T value)
        where T : struct, System.Enum
    {
        if (names.TryGetValue(value, out var name))
            j.Raw(name);
        else
            j.Raw(JsonSerializer.SerializeToUtf8Bytes(value, _options));
    }

    /// <summary>Each value of an enum as the serializer's enum converter writes it, quotes included.</summary>
    static Dictionary<T, byte[]> EnumNames<T>(JsonSerializerOptions options)
        where T : struct, System.Enum
    {
        var names = new Dictionary<T, byte[]>();
        foreach (var value in System.Enum.GetValues<T>())
            names[value] = JsonSerializer.SerializeToUtf8Bytes(value, options);
        return names;
    }
}
