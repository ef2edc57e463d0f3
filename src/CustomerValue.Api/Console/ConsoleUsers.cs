using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using CustomerValue.Api.Security;
using CustomerValue.Core.Access;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Console;

/// <summary>
/// The people who may sign in to the console: the users in configuration and in the users file. Passwords are checked
/// against their hashes; attempts are limited per client address, so a password cannot be guessed at speed.
/// </summary>
public sealed partial class ConsoleUsers : IDisposable
{
    readonly ConsoleOptions _options;
    readonly ILogger<ConsoleUsers> _logger;
    readonly PartitionedRateLimiter<string> _attempts;

    // Checked for unknown names too, so an answer takes as long whether or not the name exists.
    static readonly string DecoyHash = ConsolePassword.Hash(ConsoleUserFile.NewPassword());

    public ConsoleUsers(IOptions<ConsoleOptions> options, IOptions<LimitOptions> limits, ILogger<ConsoleUsers> logger)
    {
        _options = options.Value;
        _logger = logger;
        var perMinute = limits.Value.FailedAuthenticationsPerMinute;
        _attempts = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    public string UsersFile => _options.UsersFile!;

    /// <summary>
    /// With no user configured and none in the file, makes <c>admin</c> (scopes read and admin) with a random password,
    /// stores its hash and logs the password once: a fresh clone can sign in, and nothing readable is left on disk.
    /// </summary>
    public void EnsureFirstAdmin(DateTimeOffset now)
    {
        if (_options.Users.Count > 0 || ConsoleUserFile.Load(UsersFile).Count > 0)
            return;
        var password = ConsoleUserFile.NewPassword();
        ConsoleUserFile.Add(UsersFile, ConsoleUserFile.FirstAdminName, password, [ApiScope.Read, ApiScope.Admin], now);
        LogFirstAdmin(_logger, ConsoleUserFile.FirstAdminName, password, UsersFile);
    }

    /// <summary>The signed-in principal for the console cookie, or why not.</summary>
    public SignInResult SignIn(string? name, string? password, IPAddress? address)
    {
        using var lease = _attempts.AttemptAcquire(address?.ToString() ?? "unknown");
        if (!lease.IsAcquired)
            return SignInResult.Refused("Too many sign-in attempts from this address: wait a minute and try again.");
        var user = string.IsNullOrWhiteSpace(name) ? null : Find(name.Trim());
        var valid = ConsolePassword.Verify(password ?? "", user?.PasswordHash ?? DecoyHash) && user is not null;
        if (!valid)
            return SignInResult.Refused("The name or the password is not right.");
        var claims = new List<Claim> { new(ClaimTypes.Name, user!.Name) };
        claims.AddRange(user.Scopes.Distinct().Select(s => new Claim(ApiClaims.Scope, s.Name())));
        return new SignInResult(new ClaimsPrincipal(new ClaimsIdentity(claims, ConsoleSecurity.Scheme, ClaimTypes.Name, ApiClaims.Scope)), null);
    }

    ConsoleUserRecord? Find(string name)
    {
        foreach (var configured in _options.Users)
        {
            if (string.Equals(configured.Name, name, StringComparison.OrdinalIgnoreCase))
                return new ConsoleUserRecord(configured.Name!, configured.PasswordHash!, configured.Scopes);
        }
        // Read at every sign-in, so 'cvml users add' takes effect at once; sign-ins are rare.
        return ConsoleUserFile.Load(UsersFile).FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    public void Dispose() => _attempts.Dispose();

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No console user was configured, so one was made: sign in at / as '{Name}' with the password {Password} (shown this once; only its hash is kept, in {Path})")]
    static partial void LogFirstAdmin(ILogger logger, string name, string password, string path);
}

/// <summary>A principal when the sign-in succeeded, else the reason to show.</summary>
public sealed record SignInResult(ClaimsPrincipal? Principal, string? Error)
{
    public static SignInResult Refused(string error) => new(null, error);
}
