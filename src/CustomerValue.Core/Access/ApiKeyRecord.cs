namespace CustomerValue.Core.Access;

/// <summary>One stored key: its name, the hash of the secret (never the secret), its scopes, and when it was made or revoked.</summary>
public sealed record ApiKeyRecord(string Name, string Hash, IReadOnlyList<ApiScope> Scopes, DateTimeOffset? Created = null, DateTimeOffset? Revoked = null)
{
    public bool IsActive => Revoked is null;
}
