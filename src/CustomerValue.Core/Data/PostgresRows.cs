using System.Data;
using System.Globalization;
using System.Text;
using Npgsql;

namespace CustomerValue.Core.Data;

/// <summary>
/// The rows of a PostgreSQL query, streamed with an <see cref="NpgsqlDataReader"/> as the server sends them (nothing
/// is gathered into a table first). The columns are the result's, named as the query names them;
/// <see cref="Line"/> is the 1-based row of the result.
/// </summary>
/// <remarks>
/// Each row's fields are taken off the reader when it is read, so the loaders can ask for them in any order.
/// <c>timestamp</c> and <c>date</c> values are kept as written, <c>timestamptz</c> ones in UTC (as Npgsql hands them
/// out); <c>numeric</c> and <c>real</c> become doubles through their decimal text, as the same value in a CSV file would.
/// </remarks>
internal sealed class PostgresRows : RowReader
{
    readonly NpgsqlConnection _connection;
    readonly NpgsqlCommand _command;
    readonly NpgsqlDataReader _reader;
    readonly Field[] _fields;
    long _row;
    bool _done;

    PostgresRows(NpgsqlConnection connection, NpgsqlCommand command, NpgsqlDataReader reader)
    {
        _connection = connection;
        _command = command;
        _reader = reader;
        _fields = [.. Enumerable.Range(0, reader.FieldCount).Select(i => new Field(Kind(reader.GetDataTypeName(i))))];
        SchemaColumns = [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
    }

    /// <summary>Connects and starts the query.</summary>
    /// <exception cref="SourceReadException">The connection string is malformed, the server refuses, or the query fails.</exception>
    public static PostgresRows Open(string connectionString, string query)
    {
        NpgsqlConnection connection;
        try
        {
            connection = new NpgsqlConnection(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new SourceReadException($"not a PostgreSQL connection string: {e.Message}", e);
        }
        NpgsqlCommand? command = null;
        try
        {
            connection.Open();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException)
        {
            connection.Dispose();
            throw new SourceReadException($"cannot connect: {e.Message}", e);
        }
        try
        {
            command = new NpgsqlCommand(query, connection);
            var reader = command.ExecuteReader(CommandBehavior.SingleResult);
            return new PostgresRows(connection, command, reader);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            command?.Dispose();
            connection.Dispose();
            throw new SourceReadException($"the query failed: {e.Message}", e);
        }
    }

    public override string[] SchemaColumns { get; }

    public override long Line => _row;

    public override int FieldCount => _fields.Length;

    public override long EstimatedRecords => 0;

    public override ReadOnlySpan<char> this[int index] => _fields[index].Text;

    public override bool TryGetTimestamp(int index, out DateTime value)
    {
        value = _fields[index].Timestamp;
        return _fields[index].HasTimestamp;
    }

    public override bool TryGetNumber(int index, out double value)
    {
        value = _fields[index].Number;
        return _fields[index].HasNumber;
    }

    /// <summary>The row as one CSV record of its values, nulls empty, in the query's column order.</summary>
    public override string RawRecord()
    {
        var record = new StringBuilder();
        for (int i = 0; i < _fields.Length; i++)
        {
            if (i > 0)
                record.Append(',');
            ParquetRows.AppendCsvField(record, _fields[i].Text);
        }
        return record.ToString();
    }

    public override bool Read()
    {
        if (_done)
            return false;
        try
        {
            if (!_reader.Read())
            {
                _done = true;
                return false;
            }
            _row++;
            for (int i = 0; i < _fields.Length; i++)
                _fields[i].Take(_reader, i);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            _done = true;
            throw new SourceReadException($"the query failed after row {_row}: {e.Message}", e);
        }
    }

    public override void Dispose()
    {
        // Disposing a reader part-way through drains the rest of the result; cancelling first stops the server sending it.
        if (!_done)
        {
            try
            {
                _command.Cancel();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // The connection is closed below whether or not the cancel arrived.
            }
        }
        try
        {
            _reader.Dispose();
        }
        catch (NpgsqlException)
        {
            // A cancelled query ends its result with an error; the rows wanted were already read.
        }
        _command.Dispose();
        _connection.Dispose();
    }

    enum FieldKind
    {
        Text,
        Integer,
        Double,
        ViaText,
        Timestamp,
        Date,
        Boolean,
        Other,
    }

    static FieldKind Kind(string dataTypeName) => dataTypeName switch
    {
        "smallint" or "integer" or "bigint" => FieldKind.Integer,
        "double precision" => FieldKind.Double,
        "real" or "numeric" => FieldKind.ViaText,
        _ when dataTypeName.StartsWith("numeric(", StringComparison.Ordinal) => FieldKind.ViaText,
        _ when dataTypeName.StartsWith("timestamp", StringComparison.Ordinal) => FieldKind.Timestamp,
        "date" => FieldKind.Date,
        "boolean" => FieldKind.Boolean,
        "text" or "name" or "citext" => FieldKind.Text,
        _ when dataTypeName.StartsWith("character", StringComparison.Ordinal) => FieldKind.Text,
        _ => FieldKind.Other,
    };

    /// <summary>One column of the current row: its text, and its value when it is a date or a number.</summary>
    sealed class Field(FieldKind kind)
    {
        public string Text { get; private set; } = "";
        public bool HasTimestamp { get; private set; }
        public DateTime Timestamp { get; private set; }
        public bool HasNumber { get; private set; }
        public double Number { get; private set; }

        public void Take(NpgsqlDataReader reader, int ordinal)
        {
            HasTimestamp = HasNumber = false;
            if (reader.IsDBNull(ordinal))
            {
                Text = "";
                return;
            }
            try
            {
                switch (kind)
                {
                    case FieldKind.Text:
                        Text = reader.GetString(ordinal);
                        break;
                    case FieldKind.Integer:
                        var integer = reader.GetInt64(ordinal);
                        Text = integer.ToString(CultureInfo.InvariantCulture);
                        SetNumber(integer);
                        break;
                    case FieldKind.Double:
                        var number = reader.GetDouble(ordinal);
                        Text = number.ToString("R", CultureInfo.InvariantCulture);
                        SetNumber(number);
                        break;
                    case FieldKind.ViaText:
                        Text = reader.GetFieldType(ordinal) == typeof(float)
                            ? reader.GetFloat(ordinal).ToString("R", CultureInfo.InvariantCulture)
                            : reader.GetDecimal(ordinal).ToString(CultureInfo.InvariantCulture);
                        SetNumber(double.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture));
                        break;
                    case FieldKind.Timestamp:
                        var timestamp = reader.GetDateTime(ordinal);
                        Text = timestamp.ToString(timestamp.Kind == DateTimeKind.Utc ? "yyyy-MM-ddTHH:mm:ss.FFFFFFFK" : "yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
                        (Timestamp, HasTimestamp) = (timestamp, true);
                        break;
                    case FieldKind.Date:
                        var date = reader.GetFieldValue<DateOnly>(ordinal);
                        Text = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                        (Timestamp, HasTimestamp) = (date.ToDateTime(TimeOnly.MinValue), true);
                        break;
                    case FieldKind.Boolean:
                        Text = reader.GetBoolean(ordinal) ? "true" : "false";
                        break;
                    default:
                        Text = Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture) ?? "";
                        break;
                }
            }
            catch (Exception e) when (e is InvalidCastException or OverflowException)
            {
                // An infinite timestamp, a numeric beyond decimal's range: text no contract field accepts, so a
                // field that needs it rejects the row naming the column.
                Text = $"({reader.GetDataTypeName(ordinal)} value not readable: {e.Message})";
            }
        }

        void SetNumber(double value) => (Number, HasNumber) = (value, double.IsFinite(value));
    }
}
