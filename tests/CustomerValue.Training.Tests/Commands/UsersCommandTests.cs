using CustomerValue.Core.Access;

namespace CustomerValue.Training.Tests.Commands;

public sealed class UsersCommandTests : IDisposable
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), "cvml-users-" + Guid.NewGuid().ToString("N"));

    string UsersFile => Path.Combine(_folder, ConsoleUserFile.FileName);

    [Fact]
    public async Task AddPrintsAGeneratedPasswordOnceAndTheFileKeepsOnlyItsHash()
    {
        var (exitCode, output, _) = await Cli.RunAsync("users", "add", "--name", "anna", "--scope", "read,admin", "--file", UsersFile);

        var password = output.Split('\n')[0].Trim();
        Assert.Equal(0, exitCode);
        Assert.Equal(24, password.Length);
        var stored = Assert.Single(ConsoleUserFile.Load(UsersFile));
        Assert.Equal("anna", stored.Name);
        Assert.Equal([ApiScope.Read, ApiScope.Admin], stored.Scopes);
        Assert.True(ConsolePassword.Verify(password, stored.PasswordHash));
        Assert.False(ConsolePassword.Verify(password + "x", stored.PasswordHash));
        Assert.DoesNotContain(password, await File.ReadAllTextAsync(UsersFile));
    }

    [Fact]
    public async Task ListShowsNamesAndScopesAndRemoveTakesAUserOut()
    {
        await Cli.RunAsync("users", "add", "--name", "anna", "--file", UsersFile);
        await Cli.RunAsync("users", "add", "--name", "ops", "--scope", "admin", "--file", UsersFile);
        var (removeCode, removed, _) = await Cli.RunAsync("users", "remove", "anna", "--file", UsersFile);

        var (exitCode, output, _) = await Cli.RunAsync("users", "list", "--file", UsersFile);
        var (again, _, error) = await Cli.RunAsync("users", "remove", "anna", "--file", UsersFile);

        Assert.Equal(0, removeCode);
        Assert.Contains($"removed 'anna' from {UsersFile}", removed);
        Assert.Equal(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^ops\s+admin\s+\d{4}-\d\d-\d\dT", lines[1]);
        Assert.Equal(1, again);
        Assert.Equal($"No user named 'anna' in {UsersFile}.", error.Trim());
    }

    [Fact]
    public async Task ANameInUseIsRefused()
    {
        await Cli.RunAsync("users", "add", "--name", "anna", "--file", UsersFile);

        var (exitCode, _, error) = await Cli.RunAsync("users", "add", "--name", "ANNA", "--file", UsersFile);

        Assert.Equal(1, exitCode);
        Assert.Equal($"A user named 'ANNA' exists in {UsersFile}: remove it first or pick another name.", error.Trim());
        Assert.Single(ConsoleUserFile.Load(UsersFile));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }
}
