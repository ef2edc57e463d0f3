using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Serving;

namespace CustomerValue.Api.Serving;

/// <summary>
/// Loads the models while the host starts: hosted services start before Kestrel listens, so the
/// first request never pays for the load. A failed load does not stop the app; it stays unready
/// (see /health/ready) and keeps watching for a good model.
/// </summary>
public sealed class ModelWarmup(ModelSource<ModelBundle> source) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => source.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
