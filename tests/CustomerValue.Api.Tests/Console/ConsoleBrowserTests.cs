using System.Text.RegularExpressions;
using CustomerValue.Api.Tests.Fixtures;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Serving;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CustomerValue.Api.Tests.Console;

/// <summary>
/// The console in a real browser: Debian's chromium (<c>apt-get install chromium</c>) driven by Playwright against the
/// app on a loopback port, with the store seeded from the sample. The screenshots go to <c>CVML_SCREENSHOTS</c> when
/// set (docs/console is where the docs take them from), else to a temporary folder.
/// </summary>
[Collection(FixtureBundleCollection.Name)]
public sealed class ConsoleBrowserTests(FixtureBundle bundle) : IAsyncLifetime
{
    const string Chromium = "/usr/bin/chromium";
    static readonly ViewportSize Laptop = new() { Width = 1366, Height = 900 };
    static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    readonly string _sample = ConsoleSite.SampleWithSlashId();
    readonly string _screenshots = Environment.GetEnvironmentVariable("CVML_SCREENSHOTS") is { Length: > 0 } folder
        ? Path.GetFullPath(folder, RepositoryRoot.Find())
        : Path.Combine(Path.GetTempPath(), "cvml-console-screens");
    ApiApplication _app = null!;
    IPlaywright _playwright = null!;
    IBrowser _browser = null!;
    string _site = "";

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"The browser tests need Debian's chromium at {Chromium}: apt-get install -y chromium.");
        Directory.CreateDirectory(_screenshots);
        _app = new ApiApplication(bundle, settings: ConsoleSite.Settings(_sample), kestrel: true);
        bundle.PublishCharts(_app.ModelsDirectory, FixtureBundle.Version);
        _app.StartServer();
        _site = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        await ConsoleSite.WaitForSeedAsync(_app);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    async Task<IPage> SignedInAsync(string user, ViewportSize? viewport = null, string? screenshot = null)
    {
        var context = await _browser.NewContextAsync(new() { ViewportSize = viewport ?? Laptop, BaseURL = _site, AcceptDownloads = true });
        // Generous: CI runs every test project at once on two cores.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/", Committed);
        await LoadedAsync(page);
        await page.GetByLabel("Name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(ConsoleSite.Password);
        if (screenshot is not null)
            await page.ScreenshotAsync(new() { Path = Path.Combine(_screenshots, screenshot) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(_site + "/", Arrived);
        await LoadedAsync(page);
        return page;
    }

    // Navigations wait for the response to commit, then for the document itself to say it is complete: waiting on the
    // browser's "load" lifecycle event hung once for 90 s in CI (two cores, every test project at once) on a page whose
    // network had gone idle, so the tests read document.readyState instead of that event.
    static readonly PageGotoOptions Committed = new() { WaitUntil = WaitUntilState.Commit };
    static readonly PageWaitForURLOptions Arrived = new() { WaitUntil = WaitUntilState.Commit };

    static Task LoadedAsync(IPage page) => page.WaitForFunctionAsync("() => document.readyState === 'complete'");

    /// <summary>Every canvas on the page has its Chart.js chart: the vendored script loaded and drew from the page's data.</summary>
    static Task ChartsDrawnAsync(IPage page) =>
        page.WaitForFunctionAsync("() => typeof Chart !== 'undefined' && [...document.querySelectorAll('canvas[data-chart]')].every(c => Chart.getChart(c) !== undefined)");

    [Fact]
    public async Task AVisitorIsSentToSignInAndThenSeesTheOverviewOfTheRun()
    {
        var page = await SignedInAsync(ConsoleSite.Viewer, screenshot: "signin.png");
        var api = _app.CreateClient(ApiApplication.ReadKey);
        var segments = await (await api.GetAsync("/v1/segments")).ReadJsonAsync();

        await ChartsDrawnAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(_screenshots, "overview.png"), FullPage = true });
        var phone = await SignedInAsync(ConsoleSite.Viewer, Phone);
        await ChartsDrawnAsync(phone);
        await phone.ScreenshotAsync(new() { Path = Path.Combine(_screenshots, "overview-phone.png"), FullPage = true });

        Assert.Equal("2,500", await page.Locator("[data-figure=customers]").InnerTextAsync());
        Assert.Contains((string)segments["modelVersion"]!, await page.Locator("p.run").InnerTextAsync());
        Assert.Equal(segments["stages"]!.AsArray().Count, await page.Locator("#stages tbody tr").CountAsync());
    }

    [Fact]
    public async Task TheListWithABudgetIsTheApisListAndItsDownloadIsTheApisCsv()
    {
        var page = await SignedInAsync(ConsoleSite.Viewer);
        var api = _app.CreateClient(ApiApplication.ReadKey);

        await page.GetByRole(AriaRole.Link, new() { Name = "Reactivation list", Exact = true }).ClickAsync();
        await page.GetByLabel("Budget").FillAsync("150");
        await page.GetByLabel("Cost per contact").FillAsync("3");
        await page.GetByLabel("Response rate (0–1)").FillAsync("0.4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show list" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("budget=150"), Arrived);
        await LoadedAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(_screenshots, "reactivation.png") });
        var query = new Uri(page.Url).Query.TrimStart('?');
        var body = await (await api.GetAsync("/v1/reactivation-candidates?limit=50&" + query)).ReadJsonAsync();
        var shown = await page.Locator("#candidates tbody tr td:nth-child(2)").AllInnerTextsAsync();
        var reasons = await page.Locator("#candidates tbody tr td.reason").AllInnerTextsAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).ClickAsync());
        var saved = Path.Combine(_screenshots, "download.csv");
        await download.SaveAsAsync(saved);
        var apiCsv = await (await api.GetAsync("/v1/reactivation-candidates?format=csv&" + query)).Content.ReadAsByteArrayAsync();

        Assert.Equal(body["candidates"]!.AsArray().Select(c => (string)c!["customerId"]!), shown);
        Assert.Equal(body["candidates"]!.AsArray().Select(c => "Why: " + (string)c!["reason"]!), reasons);
        Assert.Equal(((long)body["totals"]!["customers"]!).ToString(System.Globalization.CultureInfo.InvariantCulture),
            await page.Locator("[data-total=customers]").InnerTextAsync());
        Assert.Equal(apiCsv, await File.ReadAllBytesAsync(saved));
        File.Delete(saved);
    }

    [Fact]
    public async Task ACustomerWithASlashInTheIdIsFoundBySearch()
    {
        var page = await SignedInAsync(ConsoleSite.Viewer);

        await page.GetByRole(AriaRole.Link, new() { Name = "Customers", Exact = true }).ClickAsync();
        await page.GetByLabel("Customer id").FillAsync(ConsoleSite.SlashId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Look up" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("id="), Arrived);
        await LoadedAsync(page);
        await ChartsDrawnAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(_screenshots, "customer.png"), FullPage = true });
        var phone = await SignedInAsync(ConsoleSite.Viewer, Phone);
        await phone.GotoAsync(page.Url, Committed);
        await LoadedAsync(phone);
        await ChartsDrawnAsync(phone);
        await phone.ScreenshotAsync(new() { Path = Path.Combine(_screenshots, "customer-phone.png"), FullPage = true });

        Assert.Equal(ConsoleSite.SlashId, await page.Locator("h2.customer-id").InnerTextAsync());
        Assert.True(await page.Locator("ol.reasons li").CountAsync() > 0);
        var api = await (await _app.CreateClient(ApiApplication.ReadKey).GetAsync("/v1/customers?id=" + Uri.EscapeDataString(ConsoleSite.SlashId))).ReadJsonAsync();
        Assert.Equal((string?)api["expectedNextOrderDate"] ?? "not expected", await page.Locator("[data-figure=next-order]").InnerTextAsync());
    }

    [Fact]
    public async Task TheCustomerPageChartsTheOrderHistoryAPointPerMonthFromTheFirstOrderInTheLastTwoYears()
    {
        var page = await SignedInAsync(ConsoleSite.Viewer);
        var asOf = DateOnly.Parse((string)(await (await _app.CreateClient(ApiApplication.ReadKey)
            .GetAsync("/v1/customers?id=" + Uri.EscapeDataString(ConsoleSite.SlashId))).ReadJsonAsync())["asOf"]!, System.Globalization.CultureInfo.InvariantCulture);
        // From the sample itself: the customer's amounts by month within the 24 months that end with the as-of month.
        var windowStart = new DateOnly(asOf.Year, asOf.Month, 1).AddMonths(-23);
        var byMonth = File.ReadLines(Path.Combine(_sample, "transactions.csv")).Skip(1)
            .Where(line => line.StartsWith("\"" + ConsoleSite.SlashId + "\",", StringComparison.Ordinal))
            .Select(line => line[(ConsoleSite.SlashId.Length + 3)..].Split(','))
            .Select(f => (Date: DateOnly.FromDateTime(DateTime.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture)), Amount: double.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture)))
            .Where(t => t.Date >= windowStart && t.Date <= asOf)
            .GroupBy(t => new DateOnly(t.Date.Year, t.Date.Month, 1))
            .ToDictionary(g => g.Key, g => Math.Round(g.Sum(t => t.Amount), 2));
        Assert.NotEmpty(byMonth);
        var first = byMonth.Keys.Min();
        var expectedMonths = (asOf.Year - first.Year) * 12 + asOf.Month - first.Month + 1;

        await page.GotoAsync("/customers?id=" + Uri.EscapeDataString(ConsoleSite.SlashId), Committed);
        await LoadedAsync(page);
        await ChartsDrawnAsync(page);
        var labels = await page.EvaluateAsync<string[]>("() => Chart.getChart(document.querySelector('canvas[data-chart-name=order-history]')).data.labels");
        var values = await page.EvaluateAsync<double[]>("() => Chart.getChart(document.querySelector('canvas[data-chart-name=order-history]')).data.datasets[0].data");

        Assert.Equal(expectedMonths, labels.Length);
        Assert.Equal(expectedMonths, values.Length);
        Assert.Equal(first.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), labels[0]);
        Assert.Equal(asOf.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), labels[^1]);
        Assert.Equal(byMonth.Values.Sum(), values.Sum(), 2);
        Assert.Equal(byMonth.Count, await page.Locator("#order-history tbody tr").CountAsync());
    }

    [Fact]
    public async Task AViewerHasNoReloadButtonAndIsRefusedWhenPostingOne()
    {
        var admin = await SignedInAsync(ConsoleSite.Admin);
        await admin.GotoAsync("/model", Committed);
        await LoadedAsync(admin);
        await admin.ScreenshotAsync(new() { Path = Path.Combine(_screenshots, "model.png"), FullPage = true });
        var viewer = await SignedInAsync(ConsoleSite.Viewer);
        await viewer.GotoAsync("/model", Committed);
        await LoadedAsync(viewer);

        var adminButtons = await admin.GetByRole(AriaRole.Button, new() { Name = "Reload the model the pointer names" }).CountAsync();
        var viewerButtons = await viewer.GetByRole(AriaRole.Button, new() { Name = "Reload the model the pointer names" }).CountAsync();
        // The viewer posts the admin's form anyway, with their own session and a valid token: the server still refuses.
        var models = _app.Services.GetRequiredService<ModelSource<ModelBundle>>();
        var attemptBefore = models.Status.LastAttemptAt;
        var form = viewer.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", (await viewer.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value"))!);
        var refused = await viewer.APIRequest.PostAsync("/model/reload", new() { Form = form });

        Assert.Equal(1, adminButtons);
        Assert.Equal(0, viewerButtons);
        Assert.Equal(403, refused.Status);
        Assert.StartsWith(_site + "/access-denied", refused.Url);
        Assert.Contains("Not allowed", await refused.TextAsync());
        Assert.Equal(attemptBefore, models.Status.LastAttemptAt);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
        Directory.Delete(_sample, recursive: true);
    }
}
