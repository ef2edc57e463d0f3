using System.Text;

namespace CustomerValue.Modeling.Synthetic;

/// <summary>
/// Writes customers.csv, transactions.csv and truth.csv for a simulated customer base, streaming:
/// customers are simulated a batch at a time, batches in parallel, and written in customer order,
/// so memory stays flat whatever the number of customers and the files do not depend on threads.
/// </summary>
public static class SyntheticDatasetWriter
{
    const int BatchSize = 2048;
    static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Simulates <see cref="SyntheticDataOptions.Customers"/> customers into
    /// <paramref name="directory"/> (created if missing). Files appear under their final names
    /// only when complete. <paramref name="progress"/> receives the number of customers written.
    /// </summary>
    public static GenerationSummary Write(
        SyntheticDataOptions options,
        string directory,
        SimulationParameters? parameters = null,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var simulator = new CustomerSimulator(options, parameters);
        Directory.CreateDirectory(directory);
        var customersPath = Path.Combine(directory, SyntheticFiles.CustomersFile);
        var transactionsPath = Path.Combine(directory, SyntheticFiles.TransactionsFile);
        var truthPath = Path.Combine(directory, SyntheticFiles.TruthFile);
        var truthDate = options.EffectiveTruthDate;

        var prospects = 0;
        long orders = 0, returns = 0;
        var parallelism = Math.Max(1, Environment.ProcessorCount);
        var batches = new Batch[parallelism];
        for (var i = 0; i < batches.Length; i++)
        {
            batches[i] = new Batch();
        }

        string[] paths = [customersPath, transactionsPath, truthPath];
        try
        {
            using var customersFile = OpenWriter(Partial(customersPath));
            using var transactionsFile = OpenWriter(Partial(transactionsPath));
            using var truthFile = OpenWriter(Partial(truthPath));
            customersFile.Write(SyntheticFiles.CustomersHeader + "\n");
            transactionsFile.Write(SyntheticFiles.TransactionsHeader + "\n");
            truthFile.Write(SyntheticFiles.TruthHeader + "\n");

            for (long roundStart = 0; roundStart < options.Customers; roundStart += BatchSize * parallelism)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var first = (int)roundStart;
                var batchCount = (int)Math.Min(parallelism, (options.Customers - roundStart + BatchSize - 1) / BatchSize);
                Parallel.For(0, batchCount, new ParallelOptions { CancellationToken = cancellationToken }, b =>
                {
                    var from = first + b * BatchSize;
                    var to = (int)Math.Min(options.Customers, (long)from + BatchSize);
                    batches[b].Fill(simulator, from, to, truthDate, options.HorizonDays);
                });

                for (var b = 0; b < batchCount; b++)
                {
                    var batch = batches[b];
                    Append(customersFile, batch.Customers);
                    Append(transactionsFile, batch.Transactions);
                    Append(truthFile, batch.Truth);
                    prospects += batch.Prospects;
                    orders += batch.Orders;
                    returns += batch.Returns;
                }

                progress?.Report((int)Math.Min(options.Customers, roundStart + (long)BatchSize * parallelism));
            }
        }
        catch
        {
            foreach (var path in paths)
            {
                File.Delete(Partial(path));
            }

            throw;
        }

        foreach (var path in paths)
        {
            File.Move(Partial(path), path, overwrite: true);
        }

        return new GenerationSummary(
            options.Customers,
            prospects,
            orders,
            returns,
            new FileInfo(customersPath).Length,
            new FileInfo(transactionsPath).Length,
            new FileInfo(truthPath).Length,
            truthDate);
    }

    static string Partial(string path) => path + ".partial";

    static StreamWriter OpenWriter(string path) =>
        new(path, Utf8NoBom, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, BufferSize = 1 << 20 });

    static void Append(StreamWriter writer, StringBuilder text)
    {
        foreach (var chunk in text.GetChunks())
        {
            writer.Write(chunk.Span);
        }
    }

    sealed class Batch
    {
        public StringBuilder Customers { get; } = new();
        public StringBuilder Transactions { get; } = new();
        public StringBuilder Truth { get; } = new();
        public int Prospects { get; private set; }
        public long Orders { get; private set; }
        public long Returns { get; private set; }

        public void Fill(CustomerSimulator simulator, int from, int to, DateOnly truthDate, int horizonDays)
        {
            Customers.Clear();
            Transactions.Clear();
            Truth.Clear();
            Prospects = 0;
            Orders = 0;
            Returns = 0;
            for (var index = from; index < to; index++)
            {
                var customer = simulator.Simulate(index);
                SyntheticFiles.AppendCustomer(Customers, customer.Profile);
                SyntheticFiles.AppendTruth(Truth, customer, truthDate, horizonDays);
                if (customer.Transactions.Count == 0)
                {
                    Prospects++;
                }

                foreach (var transaction in customer.Transactions)
                {
                    SyntheticFiles.AppendTransaction(Transactions, transaction);
                    if (transaction.Amount < 0)
                    {
                        Returns++;
                    }
                    else
                    {
                        Orders++;
                    }
                }
            }
        }
    }
}
