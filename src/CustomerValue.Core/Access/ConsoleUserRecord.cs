namespace CustomerValue.Core.Access;

/// <summary>
/// One console user: a name, the hash of the password (never the password) and the scopes the user holds, the same
/// scopes API keys carry (<c>read</c> to see customer data, <c>admin</c> to reload the model).
/// </summary>
public sealed record ConsoleUserRecord(string Name, string PasswordHash, IReadOnlyList<ApiScope> Scopes, DateTimeOffset? Created = null);
