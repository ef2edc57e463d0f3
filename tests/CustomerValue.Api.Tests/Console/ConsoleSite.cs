using System.Net;
using System.Text.RegularExpressions;
using CustomerValue.Api.Tests.Fixtures;
using CustomerValue.Core.Access;

namespace CustomerValue.Api.Tests.Console;

/// <summary>
/// The console over a store seeded from the shipped sample, with one customer's id changed to
/// <see cref="SlashId"/> (a slash and a space), a viewer and an admin user, and an acquisition cost for one channel.
/// </summary>
public static partial class ConsoleSite
{
    public const string SlashId = "NL/0007 b";
    public const string Viewer = "viewer";
    public const string Admin = "boss";
    public const string Password = "correct horse battery";

    /// <summary>A copy of the sample with <c>C000007</c> renamed; the caller deletes the folder.</summary>
    public static string SampleWithSlashId()
    {
        var samples = Path.Combine(RepositoryRoot.Find(), "data-samples", "synthetic");
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "cvml-console-sample-" + Guid.NewGuid().ToString("N"))).FullName;
        foreach (var file in new[] { "transactions.csv", "customers.csv" })
        {
            var lines = File.ReadAllLines(Path.Combine(samples, file))
                .Select(line => line.StartsWith("C000007,", StringComparison.Ordinal) ? "\"" + SlashId + "\"" + line["C000007".Length..] : line);
            File.WriteAllLines(Path.Combine(folder, file), lines);
        }
        return folder;
    }

    public static Dictionary<string, string> Settings(string sample) => new()
    {
        ["Store:SeedOnStart"] = "true",
        ["Store:SeedTransactions"] = Path.Combine(sample, "transactions.csv"),
        ["Store:SeedCustomers"] = Path.Combine(sample, "customers.csv"),
        ["Lifecycle:AcquisitionCostByChannel:email"] = "60",
        // Few PBKDF2 iterations keep sign-ins quick in tests; the stored form names its own count.
        ["Console:Users:0:Name"] = Viewer,
        ["Console:Users:0:PasswordHash"] = ConsolePassword.Hash(Password, iterations: 1000),
        ["Console:Users:0:Scopes:0"] = "read",
        ["Console:Users:1:Name"] = Admin,
        ["Console:Users:1:PasswordHash"] = ConsolePassword.Hash(Password, iterations: 1000),
        ["Console:Users:1:Scopes:0"] = "read",
        ["Console:Users:1:Scopes:1"] = "admin",
    };

    /// <summary>Waits until the seed run is in the store.</summary>
    public static Task WaitForSeedAsync(ApiApplication app) =>
        app.WaitForAsync(app.CreateClient(), "/health/ready", b => (string?)b["status"] == "Healthy");

    /// <summary>A cookie-keeping client that does not follow redirects.</summary>
    public static HttpClient Browser(ApiApplication app) =>
        app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Posts the sign-in form as a browser would, with its antiforgery token; returns the response.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string name, string password = Password, string path = "/signin")
    {
        var form = await client.GetStringAsync(path);
        return await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(form),
            ["_handler"] = "signin",
            ["Input.Name"] = name,
            ["Input.Password"] = password,
        }));
    }

    public static async Task<HttpClient> SignedInAsync(ApiApplication app, string name)
    {
        var client = Browser(app);
        var response = await SignInAsync(client, name);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>The antiforgery token in a page's form.</summary>
    public static string Token(string html) => WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);

    /// <summary>The text of the element whose <paramref name="attribute"/> is <paramref name="value"/>, tags stripped.</summary>
    public static string Marked(string html, string attribute, string value)
    {
        var match = Regex.Match(html, $"""{attribute}="{Regex.Escape(value)}"[^>]*>(.*?)</""", RegexOptions.Singleline);
        Assert.True(match.Success, $"No element with {attribute}=\"{value}\".");
        return WebUtility.HtmlDecode(match.Groups[1].Value.Trim());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
