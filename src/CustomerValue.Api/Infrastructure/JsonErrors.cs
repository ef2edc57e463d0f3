using System.Text.Json;

namespace CustomerValue.Api.Infrastructure;

/// <summary>Turns a System.Text.Json error into a field name and a sentence a caller can act on.</summary>
public static class JsonErrors
{
    /// <summary>"$.history.orders[2].amount" → "history.orders[2].amount"; the document itself is "body".</summary>
    public static string Field(string? path, string? prefix = null)
    {
        var relative = path switch
        {
            null or "$" => "",
            _ when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
            _ when path.StartsWith('$') => path[1..],
            _ => path,
        };
        if (prefix is null)
            return relative.Length == 0 ? "body" : relative;
        return relative.Length == 0 ? prefix : relative.StartsWith('[') ? prefix + relative : prefix + "." + relative;
    }

    public static string Message(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        if (!message.StartsWith("The JSON value could not be converted to", StringComparison.Ordinal))
        {
            // Syntax errors: keep the reader's own words, without the path the field name already gives.
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            return cut > 0 ? message[..cut] : message;
        }
        return message switch
        {
            _ when message.Contains("DateOnly", StringComparison.Ordinal) => "must be a date written YYYY-MM-DD.",
            _ when message.Contains("Boolean", StringComparison.Ordinal) => "must be true or false.",
            _ when message.Contains("Double", StringComparison.Ordinal) || message.Contains("Int32", StringComparison.Ordinal) => "must be a number.",
            _ when message.Contains("String", StringComparison.Ordinal) => "must be a string.",
            _ when message.Contains("List", StringComparison.Ordinal) => "must be an array.",
            _ => "has the wrong type: an object was expected.",
        };
    }
}
