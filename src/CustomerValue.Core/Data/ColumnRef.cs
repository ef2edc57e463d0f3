using System.Text.Json;
using System.Text.Json.Serialization;

namespace CustomerValue.Core.Data;

/// <summary>
/// A source column, by header name or by 1-based position. In JSON: <c>"dollars"</c> or <c>5</c>.
/// </summary>
[JsonConverter(typeof(ColumnRefJsonConverter))]
public readonly record struct ColumnRef
{
    ColumnRef(string? name, int position) => (Name, Position) = (name, position);

    /// <summary>Column name as in the header or the spec's column list; null when given by position.</summary>
    public string? Name { get; }

    /// <summary>1-based position; 0 when given by name.</summary>
    public int Position { get; }

    public static ColumnRef ByName(string name) => new(name, 0);

    public static ColumnRef ByPosition(int position) =>
        position >= 1 ? new(null, position) : throw new ArgumentOutOfRangeException(nameof(position), "Column positions start at 1.");

    public override string ToString() => Name ?? $"column {Position}";
}

internal sealed class ColumnRefJsonConverter : JsonConverter<ColumnRef>
{
    public override ColumnRef Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String when !string.IsNullOrWhiteSpace(reader.GetString()) => ColumnRef.ByName(reader.GetString()!),
            JsonTokenType.Number when reader.TryGetInt32(out int position) && position >= 1 => ColumnRef.ByPosition(position),
            _ => throw new JsonException("a column is a header name (a non-empty string) or a 1-based position (a whole number from 1)"),
        };

    public override void Write(Utf8JsonWriter writer, ColumnRef value, JsonSerializerOptions options)
    {
        if (value.Name is { } name)
            writer.WriteStringValue(name);
        else
            writer.WriteNumberValue(value.Position);
    }
}
