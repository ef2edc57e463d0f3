namespace CustomerValue.Core.Access;

/// <summary>
/// What an API key (or a signed-in console user) may do. Scopes do not imply one another: a key that only
/// reloads models cannot read customers, and a reporting key cannot reload.
/// </summary>
public enum ApiScope
{
    /// <summary>Prediction endpoints.</summary>
    Predict,

    /// <summary>Customer data: customers, segments, reactivation lists.</summary>
    Read,

    /// <summary>Operations: reload, model switching.</summary>
    Admin,
}

public static class ApiScopes
{
    public static IReadOnlyList<ApiScope> All { get; } = Enum.GetValues<ApiScope>();

    /// <summary>The scope's name as keys, claims and the OpenAPI document spell it: <c>predict</c>, <c>read</c>, <c>admin</c>.</summary>
    public static string Name(this ApiScope scope) => scope switch
    {
        ApiScope.Predict => "predict",
        ApiScope.Read => "read",
        ApiScope.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, null),
    };

    public static bool TryParse(string? text, out ApiScope scope)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(text?.Trim(), candidate.Name(), StringComparison.OrdinalIgnoreCase))
            {
                scope = candidate;
                return true;
            }
        }
        scope = default;
        return false;
    }

    /// <summary>"read,predict" → [Read, Predict]; a name that is not a scope throws, naming it and the valid ones.</summary>
    public static IReadOnlyList<ApiScope> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scopes = new List<ApiScope>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParse(part, out var scope))
                throw new FormatException($"'{part}' is not a scope: use {string.Join(", ", All.Select(s => s.Name()))}.");
            if (!scopes.Contains(scope))
                scopes.Add(scope);
        }
        if (scopes.Count == 0)
            throw new FormatException($"No scope given: use one or more of {string.Join(", ", All.Select(s => s.Name()))}, separated by commas.");
        return scopes;
    }
}
