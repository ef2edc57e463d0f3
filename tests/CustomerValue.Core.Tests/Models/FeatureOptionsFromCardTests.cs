using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Serving;
using CustomerValue.Core.Tests.TestData;

namespace CustomerValue.Core.Tests.Models;

/// <summary>
/// <c>cvml score</c> reads the customer base with the options read from the card alone while the models load; the
/// rows are only right if those are the options the loaded bundle carries.
/// </summary>
public sealed class FeatureOptionsFromCardTests
{
    [Fact]
    public void TheCardAloneGivesTheFeatureOptionsOfTheLoadedBundle()
    {
        var models = RepositoryPaths.Of("models");
        var folder = Path.Combine(models, File.ReadAllText(Path.Combine(models, "current")).Trim());

        var early = ModelBundle.TryReadFeatureOptions(folder);
        using var model = ModelFolder.Load(folder, ModelBundle.Load);

        var loaded = model.Bundle.FeatureOptions;
        Assert.NotNull(early);
        Assert.Equal(loaded.HorizonDays, early.HorizonDays);
        Assert.Equal(loaded.ChurnWindowDays, early.ChurnWindowDays);
        Assert.Equal(loaded.PostalRegionLength, early.PostalRegionLength);
        Assert.Equal(loaded.LabelsByMonth, early.LabelsByMonth);
        Assert.Equal(loaded.Attributes!.NumericNames, early.Attributes!.NumericNames);
        Assert.Equal(loaded.Attributes.CategoricalNames, early.Attributes.CategoricalNames);
    }

    [Fact]
    public void AFolderWithoutACardGivesNoOptions()
    {
        var folder = Directory.CreateTempSubdirectory("cvml-card-").FullName;
        try
        {
            Assert.Null(ModelBundle.TryReadFeatureOptions(folder));
            Assert.Null(ModelBundle.TryReadFeatureOptions(Path.Combine(folder, "missing")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ACardThatIsNotJsonGivesNoOptions()
    {
        var folder = Directory.CreateTempSubdirectory("cvml-card-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, ModelCard.FileName), "{ not json");
            Assert.Null(ModelBundle.TryReadFeatureOptions(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
