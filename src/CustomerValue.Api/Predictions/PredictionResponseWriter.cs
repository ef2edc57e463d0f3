using System.Text.Json;
using CustomerValue.Core.Formatting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Predictions;

/// <summary>
/// Writes a <see cref="PredictionResponse"/> as JSON, byte for byte what System.Text.Json writes under the
/// API's HTTP JSON options (PredictionResponseWriterTests compares them), in about a third of the time.
/// </summary>
/// <remarks>
/// The serializer's cost on this answer is mostly its numbers, each going through the general
/// shortest-round-trip search, and the escaping of the "×" and "−" in the reasons. The numbers are
/// rounded to cents or a few decimals before they get here, so <see cref="ShortestNumber"/> writes them
/// directly; <see cref="JsonStringWriter"/> escapes the sentences; the rest is the writer calls the
/// serializer makes, with the property names encoded once. A number or string they cannot vouch for,
/// or a value of an unexpected type, is written by the general code, so the output never differs.
/// </remarks>
public sealed class PredictionResponseWriter
{
    static readonly JsonEncodedText CustomerId = JsonEncodedText.Encode("customerId");
    static readonly JsonEncodedText ModelVersion = JsonEncodedText.Encode("modelVersion");
    static readonly JsonEncodedText AsOf = JsonEncodedText.Encode("asOf");
    static readonly JsonEncodedText HorizonDays = JsonEncodedText.Encode("horizonDays");
    static readonly JsonEncodedText PredictedValue = JsonEncodedText.Encode("predictedValue");
    static readonly JsonEncodedText ValueInterval = JsonEncodedText.Encode("valueInterval");
    static readonly JsonEncodedText P10 = JsonEncodedText.Encode("p10");
    static readonly JsonEncodedText P90 = JsonEncodedText.Encode("p90");
    static readonly JsonEncodedText ChurnProbability = JsonEncodedText.Encode("churnProbability");
    static readonly JsonEncodedText ProbabilityAlive = JsonEncodedText.Encode("probabilityAlive");
    static readonly JsonEncodedText ExpectedOrders = JsonEncodedText.Encode("expectedOrders");
    static readonly JsonEncodedText LifecycleStage = JsonEncodedText.Encode("lifecycleStage");
    static readonly JsonEncodedText LifecycleReason = JsonEncodedText.Encode("lifecycleReason");
    static readonly JsonEncodedText RfmSegment = JsonEncodedText.Encode("rfmSegment");
    static readonly JsonEncodedText Recommendations = JsonEncodedText.Encode("recommendations");
    static readonly JsonEncodedText Action = JsonEncodedText.Encode("action");
    static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");
    static readonly JsonEncodedText MaxSpend = JsonEncodedText.Encode("maxSpend");
    static readonly JsonEncodedText MaxAcquisitionCost = JsonEncodedText.Encode("maxAcquisitionCost");
    static readonly JsonEncodedText ValueAtStake = JsonEncodedText.Encode("valueAtStake");
    static readonly JsonEncodedText Explanation = JsonEncodedText.Encode("explanation");
    static readonly JsonEncodedText Feature = JsonEncodedText.Encode("feature");
    static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    static readonly JsonEncodedText Contribution = JsonEncodedText.Encode("contribution");
    static readonly JsonEncodedText Text = JsonEncodedText.Encode("text");
    static readonly JsonEncodedText Warnings = JsonEncodedText.Encode("warnings");
    static readonly JsonEncodedText Code = JsonEncodedText.Encode("code");
    static readonly JsonEncodedText Field = JsonEncodedText.Encode("field");
    static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");

    /// <summary>Decimals PredictionScorer rounds to: money, probabilities, order counts, contributions.</summary>
    const int MoneyDecimals = 2, ProbabilityDecimals = 4, ContributionDecimals = 6;

    [ThreadStatic]
    static Utf8JsonWriter? t_writer;

    readonly JsonSerializerOptions _options;
    readonly JsonWriterOptions _writerOptions;
    readonly JsonStringWriter _strings;
    readonly EnumNames<Core.Domain.LifecycleStage> _stages;
    readonly EnumNames<Core.Segmentation.RfmSegment> _segments;

    public PredictionResponseWriter(IOptions<JsonOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.SerializerOptions;
        _writerOptions = new JsonWriterOptions
        {
            Encoder = _options.Encoder,
            Indented = _options.WriteIndented,
            IndentCharacter = _options.IndentCharacter,
            IndentSize = _options.IndentSize,
            NewLine = _options.NewLine,
            MaxDepth = _options.MaxDepth,
            SkipValidation = true,
        };
        _strings = new JsonStringWriter(_writerOptions);
        _stages = new EnumNames<Core.Domain.LifecycleStage>(_options);
        _segments = new EnumNames<Core.Segmentation.RfmSegment>(_options);
    }

    /// <summary>Writes the response to <paramref name="output"/> (e.g. the HTTP response's body pipe) and flushes the writer.</summary>
    public void Write(System.Buffers.IBufferWriter<byte> output, PredictionResponse response)
    {
        // One writer per thread, reset onto each output: the write is synchronous, so no other request can hold it.
        var writer = t_writer;
        t_writer = null;
        if (writer is null)
            writer = new Utf8JsonWriter(output, _writerOptions);
        else
            writer.Reset(output);
        try
        {
            Write(writer, response);
            writer.Flush();
        }
        finally
        {
            writer.Reset();
            t_writer = writer;
        }
    }

    public void Write(Utf8JsonWriter writer, PredictionResponse response)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(response);
        writer.WriteStartObject();
        writer.WriteString(CustomerId, response.CustomerId);
        writer.WriteString(ModelVersion, response.ModelVersion);
        writer.WritePropertyName(AsOf);
        WriteDate(writer, response.AsOf);
        writer.WriteNumber(HorizonDays, response.HorizonDays);
        WriteNumber(writer, PredictedValue, response.PredictedValue, MoneyDecimals);
        if (response.ValueInterval is { } interval)
        {
            writer.WriteStartObject(ValueInterval);
            WriteNumber(writer, P10, interval.P10, MoneyDecimals);
            WriteNumber(writer, P90, interval.P90, MoneyDecimals);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull(ValueInterval);
        }
        WriteNumber(writer, ChurnProbability, response.ChurnProbability, ProbabilityDecimals);
        if (response.ProbabilityAlive is { } alive)
            WriteNumber(writer, ProbabilityAlive, alive, ProbabilityDecimals);
        else
            writer.WriteNull(ProbabilityAlive);
        WriteNumber(writer, ExpectedOrders, response.ExpectedOrders, MoneyDecimals);
        writer.WritePropertyName(LifecycleStage);
        _stages.Write(writer, response.LifecycleStage);
        _strings.Write(writer, LifecycleReason, response.LifecycleReason);
        writer.WritePropertyName(RfmSegment);
        if (response.RfmSegment is { } segment)
            _segments.Write(writer, segment);
        else
            writer.WriteNullValue();
        WriteRecommendations(writer, response.Recommendations);
        WriteNumber(writer, MaxAcquisitionCost, response.MaxAcquisitionCost, MoneyDecimals);
        WriteNumber(writer, ValueAtStake, response.ValueAtStake, MoneyDecimals);
        WriteExplanation(writer, response.Explanation);
        WriteWarnings(writer, response.Warnings);
        writer.WriteEndObject();
    }

    void WriteRecommendations(Utf8JsonWriter writer, IReadOnlyList<RecommendationResponse>? recommendations)
    {
        if (recommendations is null)
        {
            writer.WriteNull(Recommendations);
            return;
        }
        writer.WriteStartArray(Recommendations);
        for (var i = 0; i < recommendations.Count; i++)
        {
            var recommendation = recommendations[i];
            if (recommendation is null)
            {
                writer.WriteNullValue();
                continue;
            }
            writer.WriteStartObject();
            writer.WriteString(Action, recommendation.Action);
            _strings.Write(writer, Reason, recommendation.Reason);
            WriteNumber(writer, MaxSpend, recommendation.MaxSpend, MoneyDecimals);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    void WriteExplanation(Utf8JsonWriter writer, IReadOnlyList<ExplanationItem>? explanation)
    {
        if (explanation is null)
        {
            writer.WriteNull(Explanation);
            return;
        }
        writer.WriteStartArray(Explanation);
        for (var i = 0; i < explanation.Count; i++)
        {
            var item = explanation[i];
            if (item is null)
            {
                writer.WriteNullValue();
                continue;
            }
            writer.WriteStartObject();
            writer.WriteString(Feature, item.Feature);
            switch (item.Value)
            {
                case null:
                    writer.WriteNull(Value);
                    break;
                case double number:
                    WriteNumber(writer, Value, number, ProbabilityDecimals);
                    break;
                case string text:
                    writer.WriteString(Value, text);
                    break;
                default:
                    writer.WritePropertyName(Value);
                    JsonSerializer.Serialize(writer, item.Value, item.Value.GetType(), _options);
                    break;
            }
            WriteNumber(writer, Contribution, item.Contribution, ContributionDecimals);
            _strings.Write(writer, Text, item.Text);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    void WriteWarnings(Utf8JsonWriter writer, IReadOnlyList<PredictionWarning>? warnings)
    {
        if (warnings is null)
        {
            writer.WriteNull(Warnings);
            return;
        }
        writer.WriteStartArray(Warnings);
        for (var i = 0; i < warnings.Count; i++)
        {
            var warning = warnings[i];
            if (warning is null)
            {
                writer.WriteNullValue();
                continue;
            }
            writer.WriteStartObject();
            writer.WriteString(Code, warning.Code);
            writer.WriteString(Field, warning.Field);
            _strings.Write(writer, Message, warning.Message);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    void WriteNumber(Utf8JsonWriter writer, JsonEncodedText name, double value, int decimals)
    {
        Span<byte> text = stackalloc byte[ShortestNumber.MaxLength];
        // A raw value is written as given: indented output is left to the writer's own number code.
        if (!_writerOptions.Indented && ShortestNumber.TryFormatUtf8(value, decimals, text, out var written))
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(text[..written], skipInputValidation: true);
        }
        else
        {
            writer.WriteNumber(name, value);
        }
    }

    /// <summary>YYYY-MM-DD, as System.Text.Json writes a DateOnly.</summary>
    static void WriteDate(Utf8JsonWriter writer, DateOnly date)
    {
        Span<byte> text = stackalloc byte[10];
        if (date.TryFormat(text, out var written, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            writer.WriteStringValue(text[..written]);
        else
            writer.WriteStringValue(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>An enum's names as the serializer's enum converter writes them, encoded once.</summary>
    sealed class EnumNames<T>
        where T : struct, Enum
    {
        readonly Dictionary<T, JsonEncodedText> _names = [];
        readonly JsonSerializerOptions _options;

        public EnumNames(JsonSerializerOptions options)
        {
            _options = options;
            foreach (var value in Enum.GetValues<T>())
            {
                // The serializer's own answer for each name, so a naming policy or converter change follows.
                var json = JsonSerializer.Serialize(value, options);
                if (json.Length >= 2 && json[0] == '"')
                    _names[value] = JsonEncodedText.Encode(JsonSerializer.Deserialize<string>(json)!, options.Encoder);
            }
        }

        public void Write(Utf8JsonWriter writer, T value)
        {
            if (_names.TryGetValue(value, out var name))
                writer.WriteStringValue(name);
            else
                JsonSerializer.Serialize(writer, value, _options);
        }
    }
}
