using System.Text.Json;
using System.Text.Json.Serialization;

namespace CustomerValue.Core.Monitoring;

/// <summary>
/// The distribution of every model input, over the customers as of the data's end when the model was trained (the ones
/// serving starts from), and of each prediction, written beside the model card as
/// <c>drift-baseline.json</c> so that scoring can tell how far the customers it sees have moved since the model was
/// trained (<see cref="DriftReport"/>).
/// </summary>
public sealed record DriftBaseline
{
    public const string FileName = "drift-baseline.json";
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The date the baseline's features were computed as of: the data's last date when the model was trained.</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>Customers in the baseline.</summary>
    public required long Rows { get; init; }

    /// <summary>The columns the models read: numeric features binned, categorical ones by level.</summary>
    public required IReadOnlyList<ColumnBaseline> Inputs { get; init; }

    /// <summary>The predictions on the baseline's customers (predicted value, churn probability, expected orders), binned.</summary>
    public required IReadOnlyList<ColumnBaseline> Predictions { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, DriftJson.Default.DriftBaseline);

    /// <exception cref="InvalidDataException">The text is not a drift baseline, naming <paramref name="origin"/>.</exception>
    public static DriftBaseline FromJson(string json, string origin)
    {
        DriftBaseline baseline;
        try
        {
            baseline = JsonSerializer.Deserialize(json, DriftJson.Default.DriftBaseline)
                ?? throw new InvalidDataException($"{origin}: the drift baseline is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{origin}: not a valid drift baseline ({e.Message}).", e);
        }
        foreach (var column in baseline.Inputs.Concat(baseline.Predictions))
        {
            if (column.Validate() is { } problem)
                throw new InvalidDataException($"{origin}: column '{column.Name}' {problem}.");
        }
        return baseline;
    }
}

[JsonConverter(typeof(CamelCaseEnumConverter<DriftColumnKind>))]
public enum DriftColumnKind
{
    Numeric,
    Categorical,
}

/// <summary>
/// One column's training distribution. A numeric column has bins (−∞, e₀], (e₀, e₁], …, (eₙ₋₁, +∞) and a last bin for
/// missing values (NaN); a categorical one has a bin per level, one for values training never saw (or the levels beyond
/// those kept), and a last one for missing values (blank). <see cref="Shares"/> holds each bin's share of the training
/// rows, in that order.
/// </summary>
/// <param name="Edges">Numeric only: the upper edges of all bins but the last two (the open top bin, then missing).</param>
/// <param name="Levels">Categorical only: the non-blank levels seen in training, most frequent first.</param>
/// <param name="OtherLevels">
/// Categorical only: true when the column had more levels than are kept; the rest share a last bin, "(other)", and no
/// value can be called unseen. False when <see cref="Levels"/> holds every level training saw.
/// </param>
public sealed record ColumnBaseline(
    string Name,
    DriftColumnKind Kind,
    IReadOnlyList<double> Shares,
    IReadOnlyList<double>? Edges = null,
    IReadOnlyList<string>? Levels = null,
    bool OtherLevels = false)
{
    /// <summary>The bin of unseen values, or of the levels beyond those kept, in a categorical column.</summary>
    public const string OtherLabel = "(other)";

    /// <summary>Bins a value falls into: numeric edges + 2 (top, missing), categorical levels + 2 (unseen or other, missing).</summary>
    [JsonIgnore]
    public int BinCount => (Kind == DriftColumnKind.Numeric ? Edges?.Count ?? 0 : Levels?.Count ?? 0) + 2;

    /// <summary>A label for bin <paramref name="bin"/>: "≤ 3", "(3, 10]", "> 10", a level, "(unseen)", "(other)" or "missing".</summary>
    public string BinLabel(int bin)
    {
        if (Kind == DriftColumnKind.Categorical)
        {
            var levels = Levels ?? [];
            return bin < levels.Count ? levels[bin] : bin == levels.Count ? OtherLevels ? OtherLabel : "(unseen)" : "missing";
        }
        var edges = Edges ?? [];
        if (bin == edges.Count + 1)
            return "missing";
        if (bin == edges.Count)
            return edges.Count == 0 ? "any" : "> " + Figure(edges[^1]);
        return bin == 0 ? "≤ " + Figure(edges[0]) : $"({Figure(edges[bin - 1])}, {Figure(edges[bin])}]";
    }

    static string Figure(double value) => value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);

    internal string? Validate()
    {
        if (Kind == DriftColumnKind.Numeric && Levels is { Count: > 0 })
            return "is numeric but lists levels";
        if (Kind == DriftColumnKind.Categorical && Edges is { Count: > 0 })
            return "is categorical but lists bin edges";
        if (Levels is { } levels && levels.Any(l => l.Length == 0))
            return "lists the blank as a level (missing values have their own bin)";
        if (Shares.Count != BinCount)
            return $"has {Shares.Count} shares for {BinCount} bins";
        if (Edges is { } edges)
        {
            for (var i = 1; i < edges.Count; i++)
            {
                if (!(edges[i] > edges[i - 1]))
                    return "has bin edges that do not increase";
            }
        }
        if (Shares.Any(s => !(s >= 0 && s <= 1)))
            return "has a share outside [0, 1]";
        return null;
    }
}

/// <summary>Enum values as camelCase names, as the API writes them, wherever a report is serialized.</summary>
public sealed class CamelCaseEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.CamelCase)
    where T : struct, Enum;
