using CustomerValue.Core.Access;

namespace CustomerValue.Api.Security;

/// <summary>The key settings in the <c>Api</c> section: who may call what.</summary>
public sealed class ApiSecurityOptions
{
    /// <summary>
    /// Whether prediction endpoints answer callers without a key. Unset: true in the Development environment (so
    /// the README's first <c>curl</c> answers at once), false everywhere else. Customer data always needs a key.
    /// </summary>
    public bool? AllowAnonymousPredictions { get; set; }

    /// <summary>Keys given in configuration (for example from environment variables), beside the keys file.</summary>
    public List<ConfiguredApiKey> Keys { get; set; } = [];

    /// <summary>The keys file <c>cvml keys</c> writes. Unset: <c>api-keys.json</c> in the data folder (see <see cref="ApiKeyFile.DefaultPath"/>).</summary>
    public string? KeysFile { get; set; }

    /// <summary>Problems with the configured keys, each naming its setting.</summary>
    public IEnumerable<string> Validate()
    {
        for (var i = 0; i < Keys.Count; i++)
        {
            var key = Keys[i];
            var problem = ApiKeyFile.Problem(new ApiKeyRecord(key.Name ?? "", key.Hash ?? "", key.Scopes));
            if (problem is not null)
                yield return $"Api:Keys:{i}: {problem}";
        }
    }
}

/// <summary>A key in configuration: <c>Api:Keys:0:Name</c>, <c>Api:Keys:0:Hash</c> (as <c>cvml keys add</c> prints it), <c>Api:Keys:0:Scopes:0</c>.</summary>
public sealed class ConfiguredApiKey
{
    public string? Name { get; set; }
    public string? Hash { get; set; }
    public List<ApiScope> Scopes { get; set; } = [];
}
