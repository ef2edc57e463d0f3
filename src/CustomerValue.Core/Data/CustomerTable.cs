using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Data;

/// <summary>A customers file read into memory: profiles, the schema of their extra attributes, and the load report.</summary>
public sealed class CustomerTable(IReadOnlyList<CustomerProfile> customers, AttributeSchema schema, LoadReport report)
{
    public IReadOnlyList<CustomerProfile> Customers { get; } = customers;
    public AttributeSchema Schema { get; } = schema;
    public LoadReport Report { get; } = report;

    public int Churned => Customers.Count(c => c.Churned == true);
    public int NotChurned => Customers.Count(c => c.Churned == false);
    public int Unlabeled => Customers.Count(c => c.Churned is null);
}
