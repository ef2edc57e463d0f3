using CustomerValue.Modeling.Synthetic;

namespace CustomerValue.Modeling.Tests.Synthetic;

public sealed class SyntheticDataOptionsTests
{
    [Fact]
    public void DefaultTruthDateIsTheEndMinusTheHorizon()
    {
        var options = new SyntheticDataOptions();

        Assert.Equal(new DateOnly(2024, 12, 31), options.EffectiveTruthDate);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void ValidationNamesEveryProblem()
    {
        var options = new SyntheticDataOptions { Customers = 0, HorizonDays = 0 };

        var errors = options.Validate();

        Assert.Equal(
            ["The number of customers must be at least 1 (got 0).", "The horizon must be at least 1 day (got 0)."],
            errors);
    }

    [Fact]
    public void ValidationRejectsAHorizonThatRunsPastTheData()
    {
        var options = new SyntheticDataOptions { TruthDate = new DateOnly(2025, 6, 1) };

        var error = Assert.Single(options.Validate());

        Assert.Equal("The truth date 2025-06-01 plus the horizon of 365 days runs past the end date 2025-12-31; the horizon must lie inside the data.", error);
    }

    [Fact]
    public void ValidationRejectsATruthDateBeforeTheStart()
    {
        var options = new SyntheticDataOptions { TruthDate = new DateOnly(2022, 12, 31) };

        var error = Assert.Single(options.Validate());

        Assert.Equal("The truth date 2022-12-31 is before the start date 2023-01-01.", error);
    }

    [Fact]
    public void ValidationRejectsDataShorterThanTheHorizon()
    {
        var options = new SyntheticDataOptions { Start = new DateOnly(2025, 6, 1) };

        var error = Assert.Single(options.Validate());

        Assert.Equal("The data from 2025-06-01 to 2025-12-31 is shorter than the horizon of 365 days plus one day of history.", error);
    }

    [Fact]
    public void ValidationRejectsAnEndBeforeTheStart()
    {
        var options = new SyntheticDataOptions { Start = new DateOnly(2025, 1, 1), End = new DateOnly(2024, 1, 1) };

        var error = Assert.Single(options.Validate());

        Assert.Equal("The end date 2024-01-01 is before the start date 2025-01-01.", error);
    }
}
