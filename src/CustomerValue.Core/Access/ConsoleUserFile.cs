using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace CustomerValue.Core.Access;

/// <summary>
/// The console's users file in the data folder (<c>console-users.json</c>, beside <c>api-keys.json</c>). It holds
/// password hashes only.
/// </summary>
public static partial class ConsoleUserFile
{
    public const string FileName = "console-users.json";
    public const string FirstAdminName = "admin";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")]
    private static partial Regex NamePattern();

    /// <summary>The users file beside <paramref name="keysFile"/>.</summary>
    public static string BesideKeysFile(string keysFile) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(keysFile))!, FileName);

    /// <summary>The users in <paramref name="path"/>; none when the file does not exist.</summary>
    /// <exception cref="InvalidDataException">The file is not a users file; the message names the file and the place.</exception>
    public static IReadOnlyList<ConsoleUserRecord> Load(string path)
    {
        var users = SecretFile.Read<UsersDocument>(path, "console users file")?.Users ?? [];
        for (var i = 0; i < users.Count; i++)
        {
            if (Problem(users[i]) is { } problem)
                throw new InvalidDataException($"{path}: users[{i}]: {problem}");
        }
        return users;
    }

    /// <summary>What is wrong with <paramref name="user"/> as a stored user, or null.</summary>
    public static string? Problem(ConsoleUserRecord user) => user switch
    {
        { Name: null } or { Name: "" } => "name is required.",
        _ when !NamePattern().IsMatch(user.Name) => $"name '{user.Name}' must be 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit.",
        _ when !ConsolePassword.IsHash(user.PasswordHash) => $"passwordHash of '{user.Name}' must be '{ConsolePassword.Prefix}iterations$salt$hash' (cvml users add writes one).",
        { Scopes: null } or { Scopes.Count: 0 } => $"scopes of '{user.Name}' must name at least one of {string.Join(", ", ApiScopes.All.Select(s => s.Name()))}.",
        _ => null,
    };

    /// <summary>Adds a user with <paramref name="password"/>, stored as its hash.</summary>
    /// <exception cref="ArgumentException">The name is not valid or taken, or the password is shorter than 12 characters.</exception>
    public static ConsoleUserRecord Add(string path, string name, string password, IReadOnlyList<ApiScope> scopes, DateTimeOffset now)
    {
        if (password.Length < 12)
            throw new ArgumentException("The password must be at least 12 characters.");
        var users = Load(path).ToList();
        var user = new ConsoleUserRecord(name, ConsolePassword.Hash(password), scopes, now);
        if (Problem(user) is { } problem)
            throw new ArgumentException(problem);
        if (users.Any(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase)))
            throw new ArgumentException($"A user named '{name}' exists in {path}: remove it first or pick another name.");
        users.Add(user);
        Save(path, users);
        return user;
    }

    /// <summary>Removes the user; false when there is none of that name.</summary>
    public static bool Remove(string path, string name)
    {
        var users = Load(path).ToList();
        var removed = users.RemoveAll(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase)) > 0;
        if (removed)
            Save(path, users);
        return removed;
    }

    /// <summary>A password to hand out: 18 random bytes as 24 URL-safe characters.</summary>
    public static string NewPassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');

    static void Save(string path, List<ConsoleUserRecord> users)
    {
        SecretFile.Write(path, new UsersDocument(users));
    }

    sealed record UsersDocument(List<ConsoleUserRecord>? Users);
}
