using CustomerValue.Core.Access;

namespace CustomerValue.Api.Console;

/// <summary>The <c>Console</c> section: who may sign in to the marketer console, and for how long.</summary>
public sealed class ConsoleOptions
{
    public const string SectionName = "Console";

    /// <summary>Users given in configuration (for example from environment variables), beside the users file.</summary>
    public List<ConfiguredConsoleUser> Users { get; set; } = [];

    /// <summary>
    /// The users file: the first start writes the generated <c>admin</c> there. Unset: <c>console-users.json</c> beside
    /// the API keys file, in the data folder.
    /// </summary>
    public string? UsersFile { get; set; }

    /// <summary>
    /// A folder every replica of the API can write, where the keys that sign the console's cookie and antiforgery
    /// tokens are kept; with several replicas behind one address a sign-in made on one is then read by the others.
    /// Unset: each process keeps its own keys (one replica).
    /// </summary>
    public string? KeyRingFolder { get; set; }

    /// <summary>Minutes a sign-in lasts; it does not slide, so a forgotten session ends.</summary>
    public int SignInMinutes { get; set; } = 8 * 60;

    /// <summary>Problems with these settings, each naming its setting.</summary>
    public IEnumerable<string> Validate()
    {
        if (SignInMinutes is < 1 or > 7 * 24 * 60)
            yield return $"{SectionName}:{nameof(SignInMinutes)} must be 1 to {7 * 24 * 60}.";
        for (var i = 0; i < Users.Count; i++)
        {
            var user = Users[i];
            if (ConsoleUserFile.Problem(new ConsoleUserRecord(user.Name ?? "", user.PasswordHash ?? "", user.Scopes)) is { } problem)
                yield return $"{SectionName}:{nameof(Users)}:{i}: {problem}";
        }
    }
}

/// <summary>
/// A user in configuration: <c>Console:Users:0:Name</c>, <c>Console:Users:0:PasswordHash</c> (as
/// <c>cvml users add</c> writes it), <c>Console:Users:0:Scopes:0</c> (<c>read</c> to see the pages and lists,
/// <c>admin</c> to reload the model).
/// </summary>
public sealed class ConfiguredConsoleUser
{
    public string? Name { get; set; }
    public string? PasswordHash { get; set; }
    public List<ApiScope> Scopes { get; set; } = [];
}
