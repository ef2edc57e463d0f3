using CustomerValue.Modeling.Synthetic;
using CustomerValue.Modeling.Tests.TestData;

namespace CustomerValue.Modeling.Tests.Synthetic;

public sealed class ShippedSampleTests
{
    static string SampleDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CustomerValue.ML.sln")))
            {
                return Path.Combine(directory.FullName, "data-samples", "synthetic");
            }
        }

        throw new DirectoryNotFoundException("No CustomerValue.ML.sln above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void TheShippedSampleIsWhatTheDocumentedCommandGenerates()
    {
        // docs/synthetic.md: cvml generate --customers 2500 --seed 42 --out data-samples/synthetic.
        // A change to the simulator must come with the regenerated sample.
        using var directory = new TempDirectory();

        SyntheticDatasetWriter.Write(new SyntheticDataOptions { Customers = 2_500, Seed = 42 }, directory.Path);

        Assert.All([SyntheticFiles.CustomersFile, SyntheticFiles.TransactionsFile, SyntheticFiles.TruthFile], name =>
            Assert.True(
                File.ReadAllBytes(directory.File(name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(SampleDirectory(), name))),
                $"data-samples/synthetic/{name} differs from a fresh generation; regenerate it with the command in docs/synthetic.md"));
    }
}
