using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace CustomerValue.Core.Tests.TestData;

/// <summary>
/// Writes Parquet files for tests with Parquet.Net: typed columns, nulls where a value is null, rows split into row
/// groups of a given size. <see cref="FromCsv"/> turns a contract CSV into the Parquet file a warehouse would export.
/// </summary>
internal static class ParquetFiles
{
    /// <summary>A column and its values, one per row (null for a null).</summary>
    public abstract record Column(DataField Field)
    {
        public abstract int Count { get; }

        public abstract Task WriteAsync(ParquetRowGroupWriter group, int start, int count);
    }

    sealed record ValueColumn<T>(DataField Field, T?[] Values) : Column(Field) where T : struct
    {
        public override int Count => Values.Length;

        public override Task WriteAsync(ParquetRowGroupWriter group, int start, int count) =>
            group.WriteAsync<T>(Field, new ReadOnlyMemory<T?>(Values, start, count));
    }

    sealed record TextColumn(DataField Field, string?[] Values) : Column(Field)
    {
        public override int Count => Values.Length;

        public override Task WriteAsync(ParquetRowGroupWriter group, int start, int count) =>
            group.WriteAsync(Field, new ArraySegment<string?>(Values, start, count));
    }

    public static Column Text(string name, params string?[] values) => new TextColumn(new DataField<string>(name, nullable: true), values);

    public static Column Values<T>(string name, params T?[] values) where T : struct => new ValueColumn<T>(new DataField<T>(name, nullable: true), values);

    /// <summary>A timestamp column not adjusted to UTC (times as written), or adjusted when <paramref name="utc"/>.</summary>
    public static Column Timestamps(string name, bool utc, params DateTime?[] values) =>
        new ValueColumn<DateTime>(new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: utc, isNullable: true), values);

    public static Column Dates(string name, params DateOnly?[] values) =>
        new ValueColumn<DateOnly>(new DataField<DateOnly>(name, nullable: true), values);

    public static Column Decimals(string name, int precision, int scale, params decimal?[] values) =>
        new ValueColumn<decimal>(new DecimalDataField(name, precision, scale, isNullable: true), values);

    public static void Write(string path, int rowGroupSize, params Column[] columns) =>
        WriteAsync(path, rowGroupSize, columns).GetAwaiter().GetResult();

    static async Task WriteAsync(string path, int rowGroupSize, Column[] columns)
    {
        int rows = columns[0].Count;
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(columns.Select(c => (Field)c.Field).ToArray()), stream);
        for (int start = 0; start < rows || start == 0; start += rowGroupSize)
        {
            int count = Math.Min(rowGroupSize, rows - start);
            using var group = writer.CreateRowGroup();
            foreach (var column in columns)
                await column.WriteAsync(group, start, count);
            if (rows == 0)
                break;
        }
    }

    /// <summary>
    /// A contract transactions CSV (no quoted fields) as Parquet with warehouse types: timestamps as timestamps, amounts as
    /// decimal(12,2), quantities as integers, ids and labels as strings.
    /// </summary>
    public static void TransactionsFromCsv(string csvPath, string parquetPath, int rowGroupSize)
    {
        var rows = File.ReadLines(csvPath).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray();
        string? At(string[] row, int i) => i < row.Length && row[i].Length > 0 ? row[i] : null;
        Write(parquetPath, rowGroupSize,
            Text("customer_id", [.. rows.Select(r => At(r, 0))]),
            Timestamps("timestamp", utc: false, [.. rows.Select(r => At(r, 1) is { } t ? DateTime.Parse(t, CultureInfo.InvariantCulture) : (DateTime?)null)]),
            Decimals("amount", 12, 2, [.. rows.Select(r => At(r, 2) is { } a ? decimal.Parse(a, CultureInfo.InvariantCulture) : (decimal?)null)]),
            Text("order_id", [.. rows.Select(r => At(r, 3))]),
            Values("quantity", [.. rows.Select(r => At(r, 4) is { } q ? int.Parse(q, CultureInfo.InvariantCulture) : (int?)null)]),
            Text("channel", [.. rows.Select(r => At(r, 5))]),
            Text("device", [.. rows.Select(r => At(r, 6))]));
    }

    /// <summary>
    /// A contract customers CSV whose columns are those of the synthetic base (customer_id, signup_date, postal_code,
    /// device, channel, newsletter, age_band, loyalty_points) as Parquet: dates as dates, newsletter as a boolean,
    /// loyalty points as integers.
    /// </summary>
    public static void CustomersFromCsv(string csvPath, string parquetPath, int rowGroupSize)
    {
        var rows = File.ReadLines(csvPath).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray();
        string? At(string[] row, int i) => i < row.Length && row[i].Length > 0 ? row[i] : null;
        Write(parquetPath, rowGroupSize,
            Text("customer_id", [.. rows.Select(r => At(r, 0))]),
            Dates("signup_date", [.. rows.Select(r => At(r, 1) is { } d ? DateOnly.Parse(d, CultureInfo.InvariantCulture) : (DateOnly?)null)]),
            Text("postal_code", [.. rows.Select(r => At(r, 2))]),
            Text("device", [.. rows.Select(r => At(r, 3))]),
            Text("channel", [.. rows.Select(r => At(r, 4))]),
            Values("newsletter", [.. rows.Select(r => At(r, 5) is { } n ? bool.Parse(n) : (bool?)null)]),
            Text("age_band", [.. rows.Select(r => At(r, 6))]),
            Values("loyalty_points", [.. rows.Select(r => At(r, 7) is { } p ? long.Parse(p, CultureInfo.InvariantCulture) : (long?)null)]));
    }
}
