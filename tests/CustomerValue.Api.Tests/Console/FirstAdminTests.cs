using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using CustomerValue.Api.Tests.Fixtures;
using CustomerValue.Core.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace CustomerValue.Api.Tests.Console;

[Collection(FixtureBundleCollection.Name)]
public sealed class FirstAdminTests(FixtureBundle bundle)
{
    [Fact]
    public async Task WithNoUserConfiguredTheFirstStartMakesAnAdminWhosePasswordIsLoggedOnceAndStoredOnlyAsAHash()
    {
        await using var app = new ApiApplication(bundle);
        var log = new ListLoggerProvider();
        await using var logged = app.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(log)));
        var client = logged.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var usersFile = Path.Combine(Path.GetDirectoryName(app.KeysFile)!, ConsoleUserFile.FileName);

        var lines = log.Messages.Where(m => m.Contains("sign in at / as 'admin'", StringComparison.Ordinal)).ToList();
        var password = Regex.Match(Assert.Single(lines), "with the password (\\S+) ").Groups[1].Value;
        var signIn = await ConsoleSite.SignInAsync(client, "admin", password);
        var model = await client.GetAsync("/model");

        var admin = Assert.Single(ConsoleUserFile.Load(usersFile));
        Assert.Equal("admin", admin.Name);
        Assert.Equal([ApiScope.Read, ApiScope.Admin], admin.Scopes);
        Assert.DoesNotContain(password, await File.ReadAllTextAsync(usersFile));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("action=\"/model/reload\"", await model.Content.ReadAsStringAsync());
    }

    sealed class ListLoggerProvider : ILoggerProvider
    {
        readonly ConcurrentQueue<string> _messages = new();

        public IEnumerable<string> Messages => _messages;

        public ILogger CreateLogger(string categoryName) => new ListLogger(_messages);

        public void Dispose()
        {
        }

        sealed class ListLogger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
