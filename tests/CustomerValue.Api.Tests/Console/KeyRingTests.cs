using System.Net;
using CustomerValue.Api.Tests.Fixtures;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CustomerValue.Api.Tests.Console;

/// <summary>Replicas behind one address: a console sign-in made on one replica is read by another that shares the key ring.</summary>
[Collection(FixtureBundleCollection.Name)]
public sealed class KeyRingTests(FixtureBundle bundle) : IDisposable
{
    readonly string keyRing = Directory.CreateTempSubdirectory("cvml-keyring-").FullName;

    public void Dispose() => Directory.Delete(keyRing, recursive: true);

    Dictionary<string, string> Settings()
    {
        var settings = ConsoleSite.Settings(ConsoleSite.SampleWithSlashId());
        settings["Store:SeedOnStart"] = "false";
        settings["Console:KeyRingFolder"] = keyRing;
        return settings;
    }

    async Task<HttpStatusCode> ModelPageOnSecondReplicaAsync()
    {
        await using var first = new ApiApplication(bundle, settings: Settings());
        await using var second = new ApiApplication(bundle, settings: Settings());
        var signIn = await ConsoleSite.SignInAsync(ConsoleSite.Browser(first), ConsoleSite.Admin);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("cvml.console=", StringComparison.Ordinal));
        var other = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/model");
        request.Headers.Add("Cookie", cookie[..cookie.IndexOf(';')]);

        var response = await other.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.OK)
            Assert.Contains("action=\"/model/reload\"", await response.Content.ReadAsStringAsync());
        return response.StatusCode;
    }

    [Fact]
    public async Task ASignInOnOneReplicaIsReadByAnotherSharingTheKeyRing()
    {
        var status = await ModelPageOnSecondReplicaAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        // The keys are in the configured folder (a pod's own disk would hold them otherwise, unseen by the others).
        Assert.Single(Directory.GetFiles(keyRing, "key-*.xml"));
    }
}
