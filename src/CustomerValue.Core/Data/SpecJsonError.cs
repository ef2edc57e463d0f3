using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CustomerValue.Core.Data;

/// <summary>
/// A source spec's JSON problem in the spec's own words, what the field at the error's path takes (<c>expected true or
/// false, found "yes"</c>; <c>'delimter' is not a field here; did you mean 'delimiter'?</c>), where System.Text.Json
/// names .NET types (<c>The JSON value could not be converted to System.Nullable`1[System.Double].</c>).
/// </summary>
internal static partial class SpecJsonError
{
    /// <summary>What the JSON at <paramref name="exception"/>'s path should have been, and what it was; the serializer's own
    /// sentence where it is about the JSON's syntax rather than a field.</summary>
    public static string Describe(JsonException exception, string json, JsonSerializerOptions options)
    {
        var message = FirstSentence(exception.Message);
        var path = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? null : exception.Path;
        if (Unmapped().Match(message) is { Success: true } unmapped)
        {
            var known = FieldsOf(unmapped.Groups["type"].Value, options);
            var name = unmapped.Groups["name"].Value;
            var nearest = known.Select(k => (Name: k, Distance: Distance(k.ToLowerInvariant(), name.ToLowerInvariant())))
                .Where(k => k.Distance <= Math.Max(1, name.Length / 4)).OrderBy(k => k.Distance).Select(k => k.Name).FirstOrDefault();
            return $"'{name}' is not a field here"
                + (nearest is not null ? $"; did you mean '{nearest}'?" : known.Count > 0 ? $" (the fields: {string.Join(", ", known)})" : "");
        }
        if (Unconverted().Match(message) is { Success: true } unconverted && path is not null)
        {
            var found = ValueAt(json, path);
            return $"expected {Expected(unconverted.Groups["type"].Value, options)}" + (found is null ? "" : $", found {found}");
        }
        return message;
    }

    [GeneratedRegex(@"^The JSON property '(?<name>.*)' could not be mapped to any \.NET member contained in type '(?<type>.+)'\.$")]
    private static partial Regex Unmapped();

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>.+)\.$")]
    private static partial Regex Unconverted();

    static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].TrimEnd() : message;
    }

    /// <summary>A .NET type name as the JSON that would have fitted it.</summary>
    static string Expected(string type, JsonSerializerOptions options)
    {
        if (Generic().Match(type) is { Success: true } nullable && nullable.Groups["outer"].Value == "System.Nullable")
            type = nullable.Groups["args"].Value;
        return type switch
        {
            "System.Boolean" => "true or false",
            "System.Int32" or "System.Int64" => "a whole number",
            "System.Double" or "System.Decimal" => "a number",
            "System.String" => "a text in quotes",
            _ when type.StartsWith("System.Collections.Generic.IReadOnlyList`1", StringComparison.Ordinal) => "a list, such as [\"…\", \"…\"]",
            _ when type.StartsWith("System.Collections.Generic.IReadOnlyDictionary`2", StringComparison.Ordinal) => "an object of names and values, such as { \"…\": … }",
            _ when typeof(SpecJsonError).Assembly.GetType(type) is { IsEnum: true } values =>
                "one of " + string.Join(", ", Enum.GetNames(values).Select(n => $"\"{options.PropertyNamingPolicy?.ConvertName(n) ?? n}\"")),
            _ => "another kind of value (docs/data.md gives each field's form)",
        };
    }

    [GeneratedRegex(@"^(?<outer>[^`\[]+)`\d+\[(?<args>.+)\]$")]
    private static partial Regex Generic();

    /// <summary>The JSON names of the fields of the spec's type named <paramref name="type"/>; empty when it is not one of ours.</summary>
    static IReadOnlyList<string> FieldsOf(string type, JsonSerializerOptions options) =>
        typeof(SpecJsonError).Assembly.GetType(type) is { } found
            ? [.. found.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite && p.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is null).Select(p => options.PropertyNamingPolicy?.ConvertName(p.Name) ?? p.Name)]
            : [];

    /// <summary>The JSON at <paramref name="path"/> (<c>$.a.b</c>, <c>$.a[2]</c>, <c>$['a b']</c>) as written, shortened; null where the path does not lead to it.</summary>
    static string? ValueAt(string json, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var element = document.RootElement;
            foreach (Match step in Step().Matches(path))
            {
                if (step.Groups["index"].Success)
                {
                    var index = int.Parse(step.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (element.ValueKind != JsonValueKind.Array || index >= element.GetArrayLength())
                        return null;
                    element = element[index];
                }
                else if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(step.Groups["name"].Success ? step.Groups["name"].Value : step.Groups["quoted"].Value, out element))
                    return null;
            }
            var text = element.GetRawText();
            return text.Length <= 40 ? text : text[..37] + "…";
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>[^']*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex Step();

    /// <summary>Edits (insert, delete, replace) between two names.</summary>
    static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
