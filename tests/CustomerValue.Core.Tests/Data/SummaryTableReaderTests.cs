using CustomerValue.Core.Btyd;
using CustomerValue.Core.Data;
using CustomerValue.Core.Tests.TestData;

namespace CustomerValue.Core.Tests.Data;

public sealed class SummaryTableReaderTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("cvml-summary-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void TheDonationsFileReadsAsElevenThousandOneHundredFourDonorsInTwentyTwoPatterns()
    {
        var (patterns, donors) = SummaryTableReader.ReadOpportunityPatterns(SharedDatasets.PathOf("donations.csv"));

        Assert.Equal(22, patterns.Length);
        Assert.Equal(11104, donors.Sum());
        Assert.Equal(new RepeatOpportunities(0, 0, 6), patterns[0]);
    }

    [Fact]
    public void APatternWithRecencyBeforeFrequencyIsReportedWithFileAndLine()
    {
        var path = Write("patterns.csv", "frequency,recency,periods,weights\n1,1,6,10\n3,2,6,5\n");

        var error = Assert.Throws<InvalidDataException>(() => SummaryTableReader.ReadOpportunityPatterns(path));

        Assert.StartsWith($"{path}:3: column 'recency'", error.Message);
    }

    [Fact]
    public void CohortRowsBecomeSurvivorCountsWithTheirChannel()
    {
        var path = Write("cohorts.csv", "cohort,period,survivors,channel\n2024-01,0,100,search\n2024-01,1,70,search\n2024-02,0,80,social\n2024-02,1,50,social\n2024-02,2,40,social\n");

        var cohorts = SummaryTableReader.ReadSurvivorCounts(path, "channel");

        Assert.Equal(2, cohorts.Count);
        Assert.Equal([80.0, 50, 40], cohorts[1].Survivors);
        Assert.Equal("social", cohorts[1].Group);
    }

    [Fact]
    public void ASkippedPeriodIsReportedWithFileLineAndColumn()
    {
        var path = Write("cohorts.csv", "cohort,period,survivors\na,0,100\na,2,70\n");

        var error = Assert.Throws<InvalidDataException>(() => SummaryTableReader.ReadSurvivorCounts(path));

        Assert.StartsWith($"{path}:3: column 'period'", error.Message);
    }

    [Fact]
    public void AMissingColumnIsReportedOnTheHeaderLine()
    {
        var path = Write("cohorts.csv", "cohort,month,survivors\na,0,100\n");

        var error = Assert.Throws<InvalidDataException>(() => SummaryTableReader.ReadSurvivorCounts(path));

        Assert.StartsWith($"{path}:1: column 'period'", error.Message);
    }

    [Fact]
    public void TelcoContractsBecomeOneRenewalCohortsPerTenureAndContract()
    {
        var cohorts = SummaryTableReader.SurvivorCountsFromContracts(SharedDatasets.PathOf("Telco-Customer-Churn.csv"),
            "tenure", "Churn", "Yes", "Contract", out var skipped);

        Assert.Equal(11, skipped);
        Assert.Equal(7043 - 11, cohorts.Sum(c => c.Survivors[0]));
        Assert.Equal(7043 - 1869 - 11, cohorts.Sum(c => c.Survivors[1]));
        Assert.All(cohorts, c => Assert.Equal(c.FirstPeriod + 1, c.LastPeriod));
    }

    [Fact]
    public void OnTelcoMonthToMonthContractsChurnFasterThanTwoYearContracts()
    {
        var cohorts = SummaryTableReader.SurvivorCountsFromContracts(SharedDatasets.PathOf("Telco-Customer-Churn.csv"),
            "tenure", "Churn", "Yes", "Contract", out _);

        var fit = GroupedRetention.FitByGroup(RetentionModelKind.Sbg, cohorts);
        var byGroup = fit.ByGroup.ToDictionary(g => g.Key, g => g.Value);

        Assert.True(fit.PValue < 1e-6);
        Assert.Equal(4, fit.DegreesOfFreedom);
        Assert.True(byGroup["Month-to-month"].RetentionRate(12) < byGroup["Two year"].RetentionRate(12));
    }
}
