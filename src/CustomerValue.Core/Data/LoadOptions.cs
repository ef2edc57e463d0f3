namespace CustomerValue.Core.Data;

/// <summary>How a load treats bad rows and late dates.</summary>
public sealed record LoadOptions
{
    /// <summary>Number of errors a report and a <see cref="DataLoadException"/> list; the total is always counted.</summary>
    public const int ListedErrors = 20;

    public static LoadOptions Default { get; } = new();

    /// <summary>
    /// Last day the data covers, inclusive. Rows dated after it are not bad: they are loaded and counted in
    /// <see cref="LoadReport.RowsAfterAsOf"/> (training takes its labels from them; scoring leaves them out).
    /// </summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>Where "today" comes from: a row dated after it is rejected as a future date.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Why <see cref="AsOf"/> names no day there can be data as of, in the rows' own words (<c>date 2030-01-01 is in the
    /// future (today is 2026-12-08 UTC)</c>, or before 1900); null when it can, or when there is none.
    /// </summary>
    public string? AsOfProblem() => AsOf is { } asOf ? new DateRules(this).Reject(asOf) : null;

    public BadRowPolicy OnBadRow { get; init; } = BadRowPolicy.Fail;

    /// <summary>
    /// Transactions files read without a customers file: keep each customer's channel, device and postal code from their
    /// first purchase that has them (<see cref="LoadReport.ProfilesFromOrders"/>), their only profile then. With a
    /// customers file, that file describes the customers and the columns describe the orders alone.
    /// </summary>
    public bool DescribeCustomers { get; init; }

    /// <summary>
    /// Transactions files: count the values of the columns the contract does not use, to name a status column whose
    /// failed or cancelled orders would count as purchases (<see cref="LoadReport.StatusColumns"/>); <c>cvml validate</c> asks for it.
    /// </summary>
    public bool TallyUnusedColumns { get; init; }

    /// <summary>Where <see cref="BadRowPolicy.Skip"/> writes rejected rows; default <see cref="DefaultQuarantinePath"/>.</summary>
    public string? QuarantinePath { get; init; }

    /// <summary>Next to the input: <c>orders.csv</c> → <c>orders.rejected.csv</c>.</summary>
    public static string DefaultQuarantinePath(string inputPath)
    {
        var folder = Path.GetDirectoryName(inputPath);
        var name = Path.GetFileNameWithoutExtension(inputPath) + ".rejected.csv";
        return string.IsNullOrEmpty(folder) ? name : Path.Combine(folder, name);
    }
}
