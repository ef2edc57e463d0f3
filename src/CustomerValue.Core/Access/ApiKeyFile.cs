using System.Text.RegularExpressions;

namespace CustomerValue.Core.Access;

/// <summary>
/// The keys file in the data folder (<c>api-keys.json</c>): the keys <c>cvml keys</c> adds and revokes and the API
/// accepts. It holds hashes only; the secret is printed once, when the key is made.
/// </summary>
public static partial class ApiKeyFile
{
    public const string FileName = "api-keys.json";
    const string SolutionFileName = "CustomerValue.ML.sln";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();

    /// <summary>
    /// The data folder's keys file: <c>out/api-keys.json</c> in the repository above the first of
    /// <paramref name="startDirectories"/> that lies in one (where the API keeps its default store), else
    /// <c>App_Data/api-keys.json</c> under the first directory.
    /// </summary>
    public static string DefaultPath(params string[] startDirectories)
    {
        ArgumentOutOfRangeException.ThrowIfZero(startDirectories.Length);
        foreach (var start in startDirectories)
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
                    return Path.Combine(directory.FullName, "out", FileName);
            }
        }
        return Path.Combine(startDirectories[0], "App_Data", FileName);
    }

    /// <summary>The keys in <paramref name="path"/>; none when the file does not exist.</summary>
    /// <exception cref="InvalidDataException">The file is not a keys file; the message names the file and the place.</exception>
    public static IReadOnlyList<ApiKeyRecord> Load(string path)
    {
        var keys = SecretFile.Read<KeysDocument>(path, "keys file")?.Keys ?? [];
        for (var i = 0; i < keys.Count; i++)
        {
            var problem = Problem(keys[i]);
            if (problem is not null)
                throw new InvalidDataException($"{path}: keys[{i}]: {problem}");
        }
        return keys;
    }

    /// <summary>What is wrong with <paramref name="key"/> as a stored key, or null.</summary>
    public static string? Problem(ApiKeyRecord key) => key switch
    {
        { Name: null } or { Name: "" } => "name is required.",
        _ when !NamePattern().IsMatch(key.Name) => $"name '{key.Name}' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.",
        _ when !ApiKeySecret.IsHash(key.Hash) => $"hash of '{key.Name}' must be '{ApiKeySecret.HashPrefix}' and 64 lower-case hex digits.",
        { Scopes: null } or { Scopes.Count: 0 } => $"scopes of '{key.Name}' must name at least one of {string.Join(", ", ApiScopes.All.Select(s => s.Name()))}.",
        _ => null,
    };

    /// <summary>Makes a key named <paramref name="name"/>, stores its hash and returns the secret, which is not kept anywhere.</summary>
    /// <exception cref="ArgumentException">The name is not valid, or a key of that name exists (revoked ones included).</exception>
    public static string Add(string path, string name, IReadOnlyList<ApiScope> scopes, DateTimeOffset now)
    {
        var keys = Load(path).ToList();
        var secret = ApiKeySecret.NewKey();
        var key = new ApiKeyRecord(name, ApiKeySecret.Hash(secret), scopes, now);
        if (Problem(key) is { } problem)
            throw new ArgumentException(problem, nameof(name));
        if (keys.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase)) is { } existing)
        {
            throw new ArgumentException(existing.IsActive
                ? $"A key named '{existing.Name}' exists in {path}: revoke it first or pick another name."
                : $"A key named '{existing.Name}' was revoked in {path}; names are not reused, so pick another.", nameof(name));
        }
        keys.Add(key);
        Save(path, keys);
        return secret;
    }

    /// <summary>Marks the key revoked (it stays listed, so the file tells who had access when).</summary>
    /// <exception cref="ArgumentException">No active key of that name.</exception>
    public static ApiKeyRecord Revoke(string path, string name, DateTimeOffset now)
    {
        var keys = Load(path).ToList();
        var index = keys.FindIndex(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
            throw new ArgumentException($"No key named '{name}' in {path}.", nameof(name));
        if (!keys[index].IsActive)
            throw new ArgumentException($"The key '{keys[index].Name}' in {path} was already revoked.", nameof(name));
        keys[index] = keys[index] with { Revoked = now };
        Save(path, keys);
        return keys[index];
    }

    static void Save(string path, List<ApiKeyRecord> keys)
    {
        SecretFile.Write(path, new KeysDocument(keys));
    }

    sealed record KeysDocument(List<ApiKeyRecord>? Keys);
}
