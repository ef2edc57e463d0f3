using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CustomerValue.Api.Infrastructure;

/// <summary>
/// Turns a System.Text.Json error into a field name and a sentence a caller can act on: the field by the error's
/// JSON path, and what it should have been by the type found at that path in the request's JSON metadata.
/// </summary>
public static class JsonErrors
{
    const string TypeErrorStart = "The JSON value could not be converted to";

    /// <summary>The problem's field errors, for a body (or batch item) read as <paramref name="root"/>.</summary>
    /// <param name="root">The type the document was read as; null when not known, which only loses the expected type.</param>
    public static Dictionary<string, string[]> Describe(JsonException exception, JsonTypeInfo? root)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new Dictionary<string, string[]> { [Field(exception.Path)] = [Message(exception, root)] };
    }

    /// <summary>"$.history.orders[2].amount" → "history.orders[2].amount"; the document itself is "body".</summary>
    public static string Field(string? path)
    {
        var relative = path switch
        {
            null or "$" => "",
            _ when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
            _ when path.StartsWith('$') => path[1..],
            _ => path,
        };
        return relative.Length == 0 ? "body" : relative;
    }

    static string Message(JsonException exception, JsonTypeInfo? root)
    {
        var message = exception.Message;
        if (!message.StartsWith(TypeErrorStart, StringComparison.Ordinal))
        {
            // Syntax errors: keep the reader's own words, without the path the field name already gives.
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            return cut > 0 ? message[..cut] : message;
        }
        var target = root is null ? null : At(root, exception.Path);
        var type = target is null ? null : Nullable.GetUnderlyingType(target.Type) ?? target.Type;
        return type switch
        {
            null => "has the wrong type.",
            _ when type == typeof(DateOnly) => "must be a date written YYYY-MM-DD.",
            _ when type == typeof(bool) => "must be true or false.",
            _ when type == typeof(double) || type == typeof(int) || type == typeof(long) || type == typeof(decimal) => "must be a number.",
            _ when type == typeof(string) => "must be a string.",
            _ when target!.Kind == JsonTypeInfoKind.Enumerable => "must be an array.",
            _ => "has the wrong type: an object was expected.",
        };
    }

    /// <summary>The metadata of the value at <paramref name="path"/> (<c>$.a.b[0]['c.d']</c>) below <paramref name="root"/>; null when the path leaves it.</summary>
    static JsonTypeInfo? At(JsonTypeInfo root, string? path)
    {
        if (path is null || !path.StartsWith('$'))
            return null;
        var info = root;
        var i = 1;
        while (i < path.Length)
        {
            string name;
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                name = path[(i + 1)..end];
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                    return null;
                name = path[(i + 2)..end];
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || info.Kind != JsonTypeInfoKind.Enumerable)
                    return null;
                info = info.Options.GetTypeInfo(info.ElementType!);
                i = end + 1;
                continue;
            }
            else
            {
                return null;
            }
            var next = info.Kind switch
            {
                JsonTypeInfoKind.Object => info.Properties.FirstOrDefault(p => string.Equals(p.Name, name,
                    info.Options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))?.PropertyType,
                JsonTypeInfoKind.Dictionary => info.ElementType,
                _ => null,
            };
            if (next is null)
                return null;
            info = info.Options.GetTypeInfo(next);
        }
        return info;
    }
}
