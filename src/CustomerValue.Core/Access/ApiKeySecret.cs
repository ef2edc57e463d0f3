using System.Security.Cryptography;
using System.Text;

namespace CustomerValue.Core.Access;

/// <summary>
/// Makes new API keys and the hashes they are stored as. A key is 32 random bytes, so a plain SHA-256 of it is
/// as hard to invert as guessing the key; a slow password hash would only slow every request down.
/// </summary>
public static class ApiKeySecret
{
    public const string KeyPrefix = "cvml_";
    public const string HashPrefix = "sha256:";

    /// <summary>A new key: <c>cvml_</c> and 43 URL-safe characters (256 random bits).</summary>
    public static string NewKey() =>
        KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary><c>sha256:</c> and the lower-case hex digest of the key's UTF-8 bytes.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>Whether <paramref name="hash"/> has the form <see cref="Hash"/> writes.</summary>
    public static bool IsHash(string? hash) =>
        hash is not null
        && hash.StartsWith(HashPrefix, StringComparison.Ordinal)
        && hash.Length == HashPrefix.Length + 64
        && hash.AsSpan(HashPrefix.Length).ContainsAnyExcept("0123456789abcdef") is false;
}
