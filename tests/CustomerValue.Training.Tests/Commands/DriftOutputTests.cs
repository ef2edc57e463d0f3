using CustomerValue.Core.Monitoring;
using CustomerValue.Training.Commands;

namespace CustomerValue.Training.Tests.Commands;

public sealed class DriftOutputTests
{
    /// <summary>A customers file's attribute can be longer than the table's usual column: every figure still stands under its heading.</summary>
    [Fact]
    public void ALongAttributeNameWidensTheTableInsteadOfPushingItsFiguresAside()
    {
        var report = new DriftReport(new DateOnly(2025, 12, 31), 3_000, 3_000, new DriftThresholds(), DriftLevel.Stable,
            [
                new ColumnDrift("recency_days", DriftColumnKind.Numeric, 0.0032, null, DriftLevel.Stable, []),
                new ColumnDrift("attr_subscription.billing_period_unit", DriftColumnKind.Categorical, 0.0011, 0, DriftLevel.Stable, []),
            ],
            [new ColumnDrift("predictedValue", DriftColumnKind.Numeric, 0.0041, null, DriftLevel.Stable, [])]);
        var output = new StringWriter();

        DriftOutput.Print(output, report, top: 5);

        var lines = output.ToString().Split(Environment.NewLine).Skip(1).Where(l => l.Length > 0).ToList();
        var psi = lines[0].IndexOf("PSI", StringComparison.Ordinal) + "PSI".Length;
        Assert.Equal(4, lines.Count);
        Assert.All(lines.Skip(1), line => Assert.Equal(psi, line.IndexOf(" 0.00", StringComparison.Ordinal) + " 0.00".Length + 2));
    }
}
