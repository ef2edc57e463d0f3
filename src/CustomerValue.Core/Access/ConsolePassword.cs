using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CustomerValue.Core.Access;

/// <summary>
/// Hashes console passwords with PBKDF2-HMAC-SHA256 (the platform's <see cref="Rfc2898DeriveBytes"/>), salted and
/// slow, since people choose passwords far weaker than API keys. Stored as
/// <c>pbkdf2-sha256$iterations$salt$hash</c>, salt and hash in base64.
/// </summary>
public static class ConsolePassword
{
    public const string Prefix = "pbkdf2-sha256$";

    /// <summary>OWASP's 2023 advice for PBKDF2-HMAC-SHA256.</summary>
    public const int Iterations = 600_000;

    const int SaltBytes = 16;
    const int HashBytes = 32;

    public static string Hash(string password, int iterations = Iterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}{iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Whether <paramref name="password"/> hashes to <paramref name="stored"/>; false for a malformed hash.</summary>
    public static bool Verify(string password, string stored)
    {
        if (!TryParse(stored, out var iterations, out var salt, out var expected))
            return false;
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Whether <paramref name="stored"/> has the form <see cref="Hash"/> writes.</summary>
    public static bool IsHash(string? stored) => TryParse(stored, out _, out _, out _);

    static bool TryParse(string? stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        if (stored is null || !stored.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var parts = stored[Prefix.Length..].Split('$');
        if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 1)
            return false;
        try
        {
            salt = Convert.FromBase64String(parts[1]);
            hash = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length >= 8 && hash.Length >= 16;
    }
}
