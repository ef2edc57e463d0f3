using CustomerValue.Core.Domain;
using CustomerValue.Modeling.Synthetic;

namespace CustomerValue.Modeling.Tests.Synthetic;

public sealed class CustomerSimulatorTests
{
    static readonly SyntheticDataOptions Options = new() { Customers = 40_000, Seed = 11 };

    // Read-only and expensive: the statistical tests share one simulated base.
    static readonly Lazy<SimulatedCustomer[]> Base = new(() => Simulate(Options.Customers));

    static SimulatedCustomer[] Simulate(int count, SyntheticDataOptions? options = null)
    {
        var simulator = new CustomerSimulator(options ?? Options);
        return Enumerable.Range(0, count).Select(simulator.Simulate).ToArray();
    }

    static bool InHorizon(Transaction transaction, SyntheticDataOptions options)
    {
        var day = DateOnly.FromDateTime(transaction.Timestamp);
        return day > options.EffectiveTruthDate && day <= options.EffectiveTruthDate.AddDays(options.HorizonDays);
    }

    /// <summary>Mean of (realised − expected) in standard errors of that mean.</summary>
    static double StandardErrorsOff(IReadOnlyList<double> realised, IReadOnlyList<double> expected)
    {
        var differences = realised.Zip(expected, (r, e) => r - e).ToArray();
        var mean = differences.Average();
        var variance = differences.Sum(d => (d - mean) * (d - mean)) / (differences.Length - 1);
        return mean / Math.Sqrt(variance / differences.Length);
    }

    [Fact]
    public void ACustomerComesOutTheSameWhateverWasSimulatedBefore()
    {
        var simulator = new CustomerSimulator(Options);
        var alone = new CustomerSimulator(Options).Simulate(1234);

        var afterOthers = Enumerable.Range(1200, 35).Select(simulator.Simulate).Last();

        Assert.Equal(alone.Profile with { Attributes = null! }, afterOthers.Profile with { Attributes = null! });
        Assert.Equal(alone.Profile.Attributes, afterOthers.Profile.Attributes);
        Assert.Equal(alone.Transactions, afterOthers.Transactions);
        Assert.Equal(alone.Truth, afterOthers.Truth);
    }

    [Fact]
    public void TruthProbabilitiesLieInTheUnitIntervalAndExpectationsAreNotNegative()
    {
        var customers = Simulate(5_000);

        Assert.All(customers, customer =>
        {
            Assert.InRange(customer.Truth.ProbabilityAlive, 0.0, 1.0);
            Assert.InRange(customer.Truth.ExpectedFutureOrders, 0.0, double.MaxValue);
            Assert.InRange(customer.Truth.ExpectedFutureSpend, 0.0, double.MaxValue);
            Assert.InRange(customer.Parameters.PurchaseRate, double.Epsilon, double.MaxValue);
            Assert.InRange(customer.Parameters.DropoutRate, double.Epsilon, double.MaxValue);
            Assert.InRange(customer.Parameters.MeanSpend, double.Epsilon, double.MaxValue);
        });
    }

    [Fact]
    public void TheChannelWithTheHighestPurchaseRateBringsClearlyMoreOrdersPerCustomer()
    {
        var channels = SimulationParameters.Default.Channels;
        var best = channels.MaxBy(c => c.PurchaseRate)!.Value;
        var worst = channels.MinBy(c => c.PurchaseRate)!.Value;
        var customers = Simulate(5_000);

        double OrdersPerCustomer(string channel) => customers
            .Where(c => c.Profile.Channel == channel)
            .Average(c => c.Transactions.Count(t => t.Amount > 0));

        Assert.True(OrdersPerCustomer(best) > 2.0 * OrdersPerCustomer(worst),
            $"{best}: {OrdersPerCustomer(best):0.00} orders per customer, {worst}: {OrdersPerCustomer(worst):0.00}");
    }

    [Fact]
    public void ExpectedFutureOrdersMatchTheRealisedOrdersOnAverage()
    {
        var customers = Base.Value;

        var realised = customers.Select(c => (double)c.Transactions.Count(t => t.Amount > 0 && InHorizon(t, Options))).ToArray();
        var expected = customers.Select(c => c.Truth.ExpectedFutureOrders).ToArray();

        Assert.InRange(StandardErrorsOff(realised, expected), -4.0, 4.0);
    }

    [Fact]
    public void ExpectedFutureSpendMatchesTheRealisedValueOfHorizonOrdersOnAverage()
    {
        // Truth date early enough that every return of a horizon order is still inside the data.
        var options = Options with { TruthDate = new DateOnly(2024, 6, 30) };
        var customers = Simulate(options.Customers, options);

        var realised = customers.Select(c =>
        {
            var horizonOrders = c.Transactions.Where(t => t.Amount > 0 && InHorizon(t, options)).Select(t => t.OrderId).ToHashSet();
            return c.Transactions.Where(t => horizonOrders.Contains(t.OrderId)).Sum(t => t.Amount);
        }).ToArray();
        var expected = customers.Select(c => c.Truth.ExpectedFutureSpend).ToArray();

        Assert.InRange(StandardErrorsOff(realised, expected), -4.0, 4.0);
    }

    [Fact]
    public void ExpectedFutureNetAmountMatchesTheRealisedSumOfHorizonAmountsOnAverage()
    {
        var customers = Base.Value;

        var realised = customers.Select(c => c.Transactions.Where(t => InHorizon(t, Options)).Sum(t => t.Amount)).ToArray();
        var expected = customers.Select(c => c.Truth.ExpectedFutureNetAmount).ToArray();

        Assert.InRange(StandardErrorsOff(realised, expected), -4.0, 4.0);
    }

    [Fact]
    public void ProbabilityAliveMatchesTheShareOfCustomersActuallyAlive()
    {
        var customers = Base.Value;

        var realised = customers.Select(c => c.AliveAtTruthDate ? 1.0 : 0.0).ToArray();
        var expected = customers.Select(c => c.Truth.ProbabilityAlive).ToArray();

        Assert.InRange(StandardErrorsOff(realised, expected), -4.0, 4.0);
    }

    [Fact]
    public void TheTruthHoldsForAShortHorizonWhereReturnsCrossItsEdges()
    {
        // With a 20-day horizon and a 30-day return window most returns inside the horizon belong
        // to orders before it, and most returns of horizon orders land after it.
        var options = new SyntheticDataOptions { Customers = 40_000, Seed = 5, HorizonDays = 20 };
        var rich = SimulationParameters.Default with { ReturnProbability = 0.5 };
        var simulator = new CustomerSimulator(options, rich);
        var customers = Enumerable.Range(0, options.Customers).Select(simulator.Simulate).ToArray();

        var realised = customers.Select(c => c.Transactions.Where(t => InHorizon(t, options)).Sum(t => t.Amount)).ToArray();
        var expected = customers.Select(c => c.Truth.ExpectedFutureNetAmount).ToArray();

        Assert.InRange(StandardErrorsOff(realised, expected), -4.0, 4.0);
    }

    [Fact]
    public void TransactionsAreChronologicalAndInsideTheData()
    {
        var customers = Simulate(2_000);
        var first = Options.Start.ToDateTime(TimeOnly.MinValue);
        var afterLast = Options.End.AddDays(1).ToDateTime(TimeOnly.MinValue);

        Assert.All(customers, customer =>
        {
            var times = customer.Transactions.Select(t => t.Timestamp).ToArray();
            Assert.Equal(times.Order(), times);
            Assert.All(times, time => Assert.InRange(time, first, afterLast.AddTicks(-1)));
            Assert.All(times, time => Assert.True(DateOnly.FromDateTime(time) >= customer.Profile.SignupDate));
        });
    }

    [Fact]
    public void EveryReturnRefundsAnEarlierOrderOfTheSameCustomerAndNoMore()
    {
        var customers = Simulate(5_000);

        var returns = customers.SelectMany(c => c.Transactions
            .Where(t => t.Amount < 0)
            .Select(r => (Return: r, Order: c.Transactions.Single(o => o.Amount > 0 && o.OrderId == r.OrderId))))
            .ToArray();

        Assert.NotEmpty(returns);
        Assert.All(returns, pair =>
        {
            Assert.True(pair.Order.Timestamp < pair.Return.Timestamp);
            Assert.InRange(-pair.Return.Amount, 0.0, pair.Order.Amount);
            Assert.InRange(-pair.Return.Quantity!.Value, 1.0, pair.Order.Quantity!.Value);
        });
    }

    [Fact]
    public void TheBaseHasProspectsSameDayRepeatOrdersAndReturns()
    {
        var customers = Simulate(2_000);

        var prospects = customers.Count(c => c.Transactions.Count == 0);
        var sameDayRepeats = customers.Sum(c => c.Transactions
            .Where(t => t.Amount > 0)
            .GroupBy(t => t.Timestamp.Date)
            .Count(day => day.Count() > 1));
        var returns = customers.Sum(c => c.Transactions.Count(t => t.Amount < 0));

        Assert.InRange(prospects, 100, 800);
        Assert.InRange(sameDayRepeats, 100, int.MaxValue);
        Assert.InRange(returns, 100, int.MaxValue);
    }
}
