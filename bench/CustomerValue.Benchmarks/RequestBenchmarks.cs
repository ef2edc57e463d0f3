using System.Text;
using BenchmarkDotNet.Attributes;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Serving;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerValue.Benchmarks;

/// <summary>
/// <c>POST /v1/predictions</c> handled in process, request bytes to response bytes, through the API's own
/// pipeline (routing, binding, validation, features, models, lifecycle, JSON) on the repository's models/current,
/// against <c>GET /v1/ping</c> on the same in-memory server: the Ratio column is what a prediction costs over the
/// cheapest request. <c>.ci/bench-api.sh</c> measures the same over real sockets under wrk.
/// </summary>
[MemoryDiagnoser]
public class RequestBenchmarks
{
    /// <summary>The body <c>.ci/bench-api.sh</c> posts: a returning customer with five orders.</summary>
    const string Body = """
        {"customerId":"C-0042","asOf":"2025-03-31","profile":{"postalCode":"10472","device":"android","channel":"organic","newsletter":false,"signupDate":"2023-10-01"},"history":{"orders":[{"date":"2023-10-02","amount":52.10},{"date":"2024-01-15","amount":61.00},{"date":"2024-05-20","amount":47.35},{"date":"2024-09-03","amount":75.00},{"date":"2025-01-28","amount":58.20}]}}
        """;

    Api _api = null!;
    HttpClient _client = null!;
    readonly byte[] _body = Encoding.UTF8.GetBytes(Body);

    [GlobalSetup]
    public void Setup()
    {
        // WebApplicationFactory finds the API's content root through a manifest in the working directory, or this
        // setting; the benchmarks run from the repository root or from BenchmarkDotNet's own folders.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CUSTOMERVALUE_API", Path.Combine(Repository.Root, "src", "CustomerValue.Api"));
        _api = new Api();
        _client = _api.CreateClient();
        // Load the model before timing (a failed load names its reason), then one request that must score: a body that
        // does not stops the run here rather than timing errors.
        var models = _api.Services.GetRequiredService<ModelSource<ModelBundle>>();
        if (!models.IsReady && models.ReloadAsync().GetAwaiter().GetResult() is { Outcome: ModelLoadOutcome.Failed } failed)
            throw new InvalidOperationException($"The model did not load: {failed.Error}");
        using var response = Send("/v1/predictions");
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST /v1/predictions answered {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _api.Dispose();
    }

    [Benchmark(Baseline = true, Description = "GET /v1/ping")]
    public int Ping()
    {
        using var response = _client.GetAsync("/v1/ping").GetAwaiter().GetResult();
        return Drain(response);
    }

    [Benchmark(Description = "POST /v1/predictions?explain=false")]
    public int Predict() => Drain(Send("/v1/predictions?explain=false"));

    [Benchmark(Description = "POST /v1/predictions (explained)")]
    public int PredictExplained() => Drain(Send("/v1/predictions"));

    HttpResponseMessage Send(string path)
    {
        using var content = new ByteArrayContent(_body);
        content.Headers.ContentType = new("application/json");
        return _client.PostAsync(path, content).GetAwaiter().GetResult();
    }

    static int Drain(HttpResponseMessage response)
    {
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}");
            return response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult().Length;
        }
    }

    /// <summary>The API over the repository's models, with a store of its own that is deleted afterwards.</summary>
    sealed class Api : WebApplicationFactory<Program>
    {
        readonly string _storeFolder = Directory.CreateTempSubdirectory("cvml-bench-api-").FullName;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Models:Path", Repository.Models);
            builder.UseSetting("Models:WatchForChanges", "false");
            builder.UseSetting("Store:ConnectionString", "Data Source=" + Path.Combine(_storeFolder, "cvml.db"));
            builder.UseSetting("Store:SeedOnStart", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            // As .ci/bench-api.sh: the service is measured, not the per-caller limiter (which answers 429 within a second).
            builder.UseSetting("Api:AllowAnonymousPredictions", "true");
            builder.UseSetting("Api:Limits:PermitsPerSecond", "0");
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing && Directory.Exists(_storeFolder))
                Directory.Delete(_storeFolder, recursive: true);
        }
    }
}
