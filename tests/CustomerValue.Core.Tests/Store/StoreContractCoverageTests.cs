using System.Reflection;

namespace CustomerValue.Core.Tests.Store;

public sealed class StoreContractCoverageTests
{
    [Theory]
    [InlineData(typeof(SqliteCustomerStoreTests))]
    [InlineData(typeof(PostgresCustomerStoreTests))]
    public void EveryStoreRunsEveryScenarioOfTheContract(Type storeTests)
    {
        var scenarios = typeof(CustomerStoreContract)
            .GetMethods(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsAbstract && m.ReturnType == typeof(Task) && m.Name.EndsWith("Async", StringComparison.Ordinal))
            .Select(m => m.Name[..^"Async".Length])
            .Order(StringComparer.Ordinal)
            .ToList();
        var tests = storeTests
            .GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly)
            .Where(m => m.GetCustomAttribute<FactAttribute>() is not null)
            .Select(m => m.Name)
            .ToHashSet();

        Assert.NotEmpty(scenarios);
        Assert.All(scenarios, s => Assert.Contains(s, tests));
    }
}
