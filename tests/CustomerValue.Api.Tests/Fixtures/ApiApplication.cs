using System.Text;
using System.Text.Json.Nodes;
using CustomerValue.Core.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CustomerValue.Api.Tests.Fixtures;

/// <summary>The API over a models folder of its own, deleted with the application.</summary>
public sealed class ApiApplication : WebApplicationFactory<Program>
{
    /// <summary>Keys configured (as hashes) in every application, one per scope.</summary>
    public const string AdminKey = "test-admin-key";
    public const string ReadKey = "test-read-key";
    public const string PredictKey = "test-predict-key";
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    readonly FixtureBundle _bundle;
    readonly string? _adminKey;
    readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="bundle">The trained fixture bundle.</param>
    /// <param name="version">Published and pointed at before start; null starts with no model.</param>
    /// <param name="adminKey">The admin key configured; null configures none.</param>
    /// <param name="settings">Further configuration, e.g. <c>["Api:MaxBatchSize"] = "2"</c>.</param>
    public ApiApplication(FixtureBundle bundle, string? version = FixtureBundle.Version, string? adminKey = AdminKey,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        _bundle = bundle;
        _adminKey = adminKey;
        _settings = settings ?? new Dictionary<string, string>();
        Directory.CreateDirectory(ModelsDirectory);
        if (version is not null)
            Publish(version);
    }

    public string ModelsDirectory { get; } = Path.Combine(Path.GetTempPath(), "cvml-api-" + Guid.NewGuid().ToString("N"));

    /// <summary>This application's own SQLite store, outside the watched models folder.</summary>
    public string StorePath { get; } = Path.Combine(Path.GetTempPath(), "cvml-api-store-" + Guid.NewGuid().ToString("N"), "cvml.db");

    /// <summary>This application's own keys file (absent until a test writes it), beside its store.</summary>
    public string KeysFile => Path.Combine(Path.GetDirectoryName(StorePath)!, ApiKeyFile.FileName);

    /// <summary>A client that sends <paramref name="key"/> in X-Api-Key.</summary>
    public HttpClient CreateClient(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>Writes the version folder, then points <c>current</c> at it, as training publishes.</summary>
    public void Publish(string version)
    {
        _bundle.Publish(ModelsDirectory, version);
        WritePointer(version);
    }

    public void WritePointer(string version)
    {
        var pointer = Path.Combine(ModelsDirectory, "current");
        File.WriteAllText(pointer + ".tmp", version + "\n", Encoding.UTF8);
        File.Move(pointer + ".tmp", pointer, overwrite: true);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Models:Path", ModelsDirectory);
        builder.UseSetting("Models:DebounceMilliseconds", "50");
        builder.UseSetting("Store:ConnectionString", "Data Source=" + StorePath);
        // Tests that want the start-up seed turn it on through settings.
        builder.UseSetting("Store:SeedOnStart", "false");
        builder.UseSetting("Api:KeysFile", KeysFile);
        var keys = new List<(string Name, string Key, ApiScope Scope)> { ("reader", ReadKey, ApiScope.Read), ("predictor", PredictKey, ApiScope.Predict) };
        if (_adminKey is not null)
            keys.Add(("operator", _adminKey, ApiScope.Admin));
        for (var i = 0; i < keys.Count; i++)
        {
            builder.UseSetting($"Api:Keys:{i}:Name", keys[i].Name);
            builder.UseSetting($"Api:Keys:{i}:Hash", ApiKeySecret.Hash(keys[i].Key));
            builder.UseSetting($"Api:Keys:{i}:Scopes:0", keys[i].Scope.Name());
        }
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
    }

    /// <summary>Polls GET <paramref name="path"/> until <paramref name="done"/> holds for the JSON body.</summary>
    public async Task<JsonNode> WaitForAsync(HttpClient client, string path, Func<JsonNode, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            // Read whatever the status: an unready endpoint answers 503 with a body worth waiting on.
            var body = await (await client.GetAsync(path)).ReadJsonAsync();
            if (done(body))
                return body;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"GET {path} still answers {body.ToJsonString()} after {Patience}.");
            await Task.Delay(50);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var directory in new[] { ModelsDirectory, Path.GetDirectoryName(StorePath)! })
        {
            try
            {
                if (Directory.Exists(directory))
                    Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is not worth failing a test over.
            }
        }
    }
}

public static class HttpJson
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    public static async Task<JsonObject> ValidationErrorsAsync(this HttpResponseMessage response) =>
        (await response.ReadJsonAsync())["errors"]!.AsObject();
}
