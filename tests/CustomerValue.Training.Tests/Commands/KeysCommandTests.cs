using CustomerValue.Core.Access;

namespace CustomerValue.Training.Tests.Commands;

public sealed class KeysCommandTests : IDisposable
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), "cvml-keys-" + Guid.NewGuid().ToString("N"));

    string KeysFile => Path.Combine(_folder, "api-keys.json");

    [Fact]
    public async Task AddPrintsTheKeyOnceAndTheFileKeepsOnlyItsHash()
    {
        var (exitCode, output, _) = await Cli.RunAsync("keys", "add", "--name", "crm", "--scope", "read,predict", "--file", KeysFile);

        var key = output.Split('\n')[0].Trim();
        Assert.Equal(0, exitCode);
        Assert.StartsWith(ApiKeySecret.KeyPrefix, key);
        var stored = Assert.Single(ApiKeyFile.Load(KeysFile));
        Assert.Equal("crm", stored.Name);
        Assert.Equal([ApiScope.Read, ApiScope.Predict], stored.Scopes);
        Assert.Equal(ApiKeySecret.Hash(key), stored.Hash);
        Assert.DoesNotContain(key, await File.ReadAllTextAsync(KeysFile));
    }

    [Fact]
    public async Task ListShowsNamesScopesAndRevocationButNoKey()
    {
        var (_, added, _) = await Cli.RunAsync("keys", "add", "--name", "crm", "--scope", "read", "--file", KeysFile);
        await Cli.RunAsync("keys", "add", "--name", "ops", "--scope", "admin", "--file", KeysFile);
        var (revokeCode, revoked, _) = await Cli.RunAsync("keys", "revoke", "crm", "--file", KeysFile);

        var (exitCode, output, _) = await Cli.RunAsync("keys", "list", "--file", KeysFile);

        Assert.Equal(0, revokeCode);
        Assert.Contains($"revoked 'crm' (read) in {KeysFile}", revoked);
        Assert.Equal(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^crm\s+read\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+revoked \d{4}-", lines[1]);
        Assert.Matches(@"^ops\s+admin\s+\S+\s+active$", lines[2]);
        Assert.DoesNotContain(added.Split('\n')[0].Trim(), output);
    }

    [Fact]
    public async Task AnUnknownScopeIsRefusedNamingTheValidOnes()
    {
        var (exitCode, _, error) = await Cli.RunAsync("keys", "add", "--name", "crm", "--scope", "read,write", "--file", KeysFile);

        Assert.Equal(1, exitCode);
        Assert.Equal("'write' is not a scope: use predict, read, admin.", error.Trim());
        Assert.False(File.Exists(KeysFile));
    }

    [Fact]
    public async Task ANameInUseIsRefusedAndRevokingAnUnknownNameFails()
    {
        await Cli.RunAsync("keys", "add", "--name", "crm", "--scope", "read", "--file", KeysFile);

        var (addCode, _, addError) = await Cli.RunAsync("keys", "add", "--name", "CRM", "--scope", "predict", "--file", KeysFile);
        var (revokeCode, _, revokeError) = await Cli.RunAsync("keys", "revoke", "nobody", "--file", KeysFile);

        Assert.Equal(1, addCode);
        Assert.Contains("A key named 'crm' exists", addError);
        Assert.Equal(1, revokeCode);
        Assert.Contains("No key named 'nobody'", revokeError);
    }

    [Fact]
    public async Task ABrokenKeysFileIsReportedWithItsPath()
    {
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(KeysFile, """{ "keys": [ { "name": "crm", "hash": "plain-text", "scopes": ["read"] } ] }""");

        var (exitCode, _, error) = await Cli.RunAsync("keys", "list", "--file", KeysFile);

        Assert.Equal(1, exitCode);
        Assert.Equal($"{KeysFile}: keys[0]: hash of 'crm' must be 'sha256:' and 64 lower-case hex digits.", error.Trim());
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }
}
