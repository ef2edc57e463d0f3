using CustomerValue.Api.Predictions;
using CustomerValue.Api.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Tests.Predictions;

[Collection(FixtureBundleCollection.Name)]
public sealed class PredictionsJsonContextTests(FixtureBundle bundle)
{
    [Theory]
    [InlineData(typeof(PredictionRequest))]
    [InlineData(typeof(BatchPredictionRequest))]
    [InlineData(typeof(PredictionResponse))]
    [InlineData(typeof(BatchPredictionResponse))]
    public async Task TheHttpOptionsReadAndWritePredictionsWithTheGeneratedMetadata(Type type)
    {
        await using var app = new ApiApplication(bundle);
        var options = app.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

        var metadata = options.GetTypeInfo(type);

        Assert.IsType<PredictionsJsonContext>(metadata.OriginatingResolver);
    }
}
